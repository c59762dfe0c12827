import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Solifyn } from 'solifyn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserAvailability,
  launchChromium,
  type LiveServer,
  startReceiver,
  startServer,
  waitFor,
  payOnPage,
  pagePerTest,
} from './harness';

const availability = browserAvailability();
if (!availability.run) console.warn(`\n[browser] ${availability.reason}\n`);

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const xss = '<img src=x onerror=alert(1)>';

describe.skipIf(!availability.run)('hosted checkout in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let solifyn: Solifyn;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    solifyn = new Solifyn({ apiKey: server.key, baseUrl: server.baseUrl, maxRetries: 0 });
    mkdirSync(resultsDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tab = pagePerTest(() => browser);

  async function fixedProduct(): Promise<string> {
    const product = await solifyn.products.create({
      name: 'Pro icon pack',
      description: '1,200 hand-drawn SVG icons in 3 weights, with a Figma library and lifetime updates.',
      pricingType: 'fixed',
      prices: [{ currency: 'usd', amount: 29 }],
    });
    return product.id;
  }

  const payWith = (card: string, email?: string) => payOnPage(tab.page, { card, ...(email ? { email } : {}) });

  describe('happy', () => {
    it('pays with 4242…: receipt shown, session completed with its order, signed checkout.completed delivered', async () => {
      const { page, problems } = tab;
      const receiver = await startReceiver();
      try {
        const endpoint = await solifyn.webhookEndpoints.create({ url: receiver.url, events: ['checkout.completed'] });
        const productId = await fixedProduct();
        await solifyn.discounts.create({ code: 'LAUNCH10', type: 'percent', percentOff: 10 });
        const session = await solifyn.checkout.createSession({
          productId,
          quantity: 2,
          discountCode: 'LAUNCH10',
          customFields: { userId: 'user_9983', plan: 'Team' },
        });

        const response = await page.goto(session.checkoutUrl);
        expect(response?.status()).toBe(200);
        await expect.poll(() => page.locator('#product-name').textContent()).toBe('Pro icon pack');
        expect(await page.locator('#total-due').textContent()).toBe('$52.20');
        expect(await page.getByLabel('Discount code').inputValue()).toBe('LAUNCH10');
        // The hashed stylesheet applied (a CSP mismatch would leave the button unstyled and log an error).
        const background = await page
          .getByRole('button', { name: /^Pay / })
          .evaluate((el) => getComputedStyle(el).backgroundColor);
        expect(background).toBe('rgb(79, 70, 229)');
        await page.screenshot({ path: `${resultsDir}checkout.png`, fullPage: true });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: `${resultsDir}checkout-mobile.png`, fullPage: true });
        await page.setViewportSize({ width: 1200, height: 900 });

        await payWith('4242 4242 4242 4242');
        await expect.poll(() => page.locator('h1').textContent()).toBe('Payment received');
        await page.screenshot({ path: `${resultsDir}receipt.png`, fullPage: true });
        const orderId = await page.locator('#order-id').textContent();
        expect(orderId).toMatch(/^ord_/);
        expect(await page.locator('#receipt-email').textContent()).toBe('customer@example.com');
        expect(await page.locator('#total-paid').textContent()).toBe('$52.20');

        const retrieved = await solifyn.checkout.retrieve(session.id);
        expect(retrieved.status).toBe('completed');
        expect(retrieved.order_id).toBe(orderId);
        expect(retrieved.customer_email).toBe('customer@example.com');

        // Reloading the receipt URL neither charges again nor shows the form.
        await page.reload();
        expect(await page.locator('h1').textContent()).toBe('Payment received');
        expect((await solifyn.orders.list()).data).toHaveLength(1);

        const delivery = await waitFor('checkout.completed webhook', () => receiver.received[0]);
        const event = await solifyn.webhooks.verify(delivery.rawBody, delivery.headers, endpoint.secret);
        expect(event.type).toBe('checkout.completed');
        expect(event.data.object).toMatchObject({
          id: session.id,
          status: 'completed',
          order_id: orderId,
          custom_fields: { userId: 'user_9983', plan: 'Team' },
        });
        expect(problems).toEqual([]);
      } finally {
        await receiver.close();
      }
    });
  });

  describe('error', () => {
    it('4000…0002 is declined: the page says why and the session stays open', async () => {
      const { page, problems } = tab;
      const session = await solifyn.checkout.createSession({ productId: await fixedProduct() });
      await page.goto(session.checkoutUrl);
      await payWith('4000 0000 0000 0002');
      expect(await page.getByRole('alert').textContent()).toBe('Your card was declined. Try another card.');
      expect(await page.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#cardNumber-error').textContent()).toBe('This card was declined.');
      await page.screenshot({ path: `${resultsDir}declined.png`, fullPage: true });
      expect((await solifyn.checkout.retrieve(session.id)).status).toBe('open');
      expect(problems).toEqual([]);
    });

    it('pay what you want below the minimum shows the field error', async () => {
      const { page, problems } = tab;
      const product = await solifyn.products.create({
        name: 'Lo-fi sample pack',
        pricingType: 'pay_what_you_want',
        prices: [{ currency: 'usd', minimumAmount: 5, suggestedAmount: 15, maximumAmount: 100 }],
      });
      const session = await solifyn.checkout.createSession({ productId: product.id });
      await page.goto(session.checkoutUrl);
      const price = page.getByLabel('Your price (USD)');
      expect(await price.inputValue()).toBe('15.00');
      await price.fill('4');
      await payWith('4242 4242 4242 4242');
      expect(await page.locator('#customPrice-error').textContent()).toBe('Enter at least $5.00.');
      expect(await price.getAttribute('aria-invalid')).toBe('true');
      expect(await price.getAttribute('aria-describedby')).toBe('customPrice-hint customPrice-error');
      expect(await price.inputValue()).toBe('4');
      await page.screenshot({ path: `${resultsDir}pwyw-below-minimum.png`, fullPage: true });
      const retrieved = await solifyn.checkout.retrieve(session.id);
      expect(retrieved).toMatchObject({ status: 'open', unit_amount: 15 });
      expect(problems).toEqual([]);
    });
  });

  describe('security', () => {
    it('a custom field value <img src=x onerror=alert(1)> shows as text and runs nothing', async () => {
      const { page, problems } = tab;
      const session = await solifyn.checkout.createSession({
        productId: await fixedProduct(),
        customFields: { note: xss },
      });
      await page.goto(session.checkoutUrl);
      await expect.poll(() => page.locator('.fields-list dd').textContent()).toBe(xss);
      expect(await page.locator('img').count()).toBe(0);
      // Give a would-be onerror handler time to fire.
      await page.waitForTimeout(300);
      expect(problems).toEqual([]);
    });

    it('the page cannot be framed', async () => {
      const { page } = tab;
      const session = await solifyn.checkout.createSession({ productId: await fixedProduct() });
      await page.setContent(`<iframe src="${session.checkoutUrl}"></iframe>`);
      const frame = page.frames()[1];
      await page.waitForTimeout(500);
      expect(
        await frame
          ?.locator('form')
          .count()
          .catch(() => 0),
      ).toBe(0);
    });
  });
});
