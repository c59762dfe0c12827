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

describe.skipIf(!availability.run)('refunds, as a new user tries them after pnpm start', () => {
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

  it('pays in the browser, refunds 10.00 then the rest with the SDK, sees the receipt refunded and the webhooks', async () => {
    const { page, problems } = tab;
    const receiver = await startReceiver();
    try {
      const endpoint = await solifyn.webhookEndpoints.create({
        url: receiver.url,
        events: ['refund.created', 'order.refunded'],
      });
      const product = await solifyn.products.create({
        name: 'Pro icon pack',
        pricingType: 'fixed',
        prices: [{ currency: 'usd', amount: 29 }],
      });
      const session = await solifyn.checkout.createSession({ productId: product.id, quantity: 2 });

      await page.goto(session.checkoutUrl);
      await payOnPage(page);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Payment received');
      const orderId = (await page.locator('#order-id').textContent()) ?? '';
      expect(orderId).toMatch(/^ord_/);
      expect(await page.locator('#total-paid').textContent()).toBe('$58.00');

      const first = await solifyn.refunds.create(orderId, { amount: 10, reason: 'requested_by_customer' });
      expect([first.amount, first.status]).toEqual([10, 'succeeded']);
      await page.reload();
      expect(await page.locator('h1').textContent()).toBe('Payment received');
      expect(await page.locator('#amount-refunded').textContent()).toBe('$10.00');
      expect(await page.locator('#refund-status').textContent()).toBe('$10.00 of this order was refunded to you.');

      const rest = await solifyn.orders.refund(orderId);
      expect(rest.amount).toBe(48);
      expect(await solifyn.orders.retrieve(orderId)).toMatchObject({ status: 'refunded', amount_refunded: 58 });
      await page.reload();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Payment refunded');
      expect(await page.locator('#amount-refunded').textContent()).toBe('$58.00');
      expect(await page.getByRole('status').textContent()).toMatch(/refunded in full: \$58\.00/);
      await page.screenshot({ path: `${resultsDir}receipt-refunded.png`, fullPage: true });

      // The webhook worker of the running server delivers them; each one verifies against the endpoint's secret.
      await waitFor('three refund webhooks', () => (receiver.received.length >= 3 ? true : undefined));
      const events = await Promise.all(
        receiver.received.map((hit) => solifyn.webhooks.verify(hit.rawBody, hit.headers, endpoint.secret)),
      );
      const created = events.filter((e) => e.type === 'refund.created');
      const refunded = events.filter((e) => e.type === 'order.refunded');
      expect(created.map((e) => e.data.object.id).sort()).toEqual([first.id, rest.id].sort());
      expect(refunded).toHaveLength(1);
      expect(refunded[0]!.data.object).toMatchObject({ id: orderId, status: 'refunded', amount_refunded: 58 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received).toHaveLength(3);
      await expect(
        solifyn.webhooks.verify(
          receiver.received[0]!.rawBody,
          receiver.received[0]!.headers,
          'whsec_' + 'A'.repeat(32),
        ),
      ).rejects.toThrow();
      expect(problems).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});
