import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Solifyn } from 'solifyn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/deps';
import {
  type Browser,
  browserAvailability,
  launchChromium,
  type LiveServer,
  startServer,
  payOnPage,
  pagePerTest,
} from './harness';

const availability = browserAvailability();
if (!availability.run) console.warn(`\n[browser] ${availability.reason}\n`);

/** Real time plus an offset the test moves forward: the server keeps running, its "now" jumps. */
class ShiftedClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** The merchant's site on 127.0.0.1: a thank-you page that remembers every URL it was asked for. */
async function startMerchantSite(): Promise<{ origin: string; visits: string[]; close(): Promise<void> }> {
  const visits: string[] = [];
  const server: Server = createServer((req, res) => {
    visits.push(req.url ?? '');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>Thanks</title><h1 id="merchant">Thanks for your order</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    visits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!availability.run)('checkout session options in Chromium', () => {
  const clock = new ShiftedClock();
  let server: LiveServer;
  let browser: Browser;
  let merchant: Awaited<ReturnType<typeof startMerchantSite>>;
  let solifyn: Solifyn;
  let productId: string;

  beforeAll(async () => {
    [server, browser, merchant] = await Promise.all([startServer({ clock }), launchChromium(), startMerchantSite()]);
    solifyn = new Solifyn({ apiKey: server.key, baseUrl: server.baseUrl, maxRetries: 0 });
    const product = await solifyn.products.create({
      name: 'Pro icon pack',
      pricingType: 'fixed',
      prices: [{ currency: 'usd', amount: 29 }],
      // The session's successUrl must win over this.
      redirectUrl: `${merchant.origin}/product-redirect`,
    });
    productId = product.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await merchant?.close();
  });
  const tab = pagePerTest(() => browser);

  const in45Minutes = () => new Date(clock.now().getTime() + 45 * 60_000).toISOString();

  it('happy: a 45-minute session with successUrl sends the customer there after paying, ids in place', async () => {
    const { page, problems } = tab;
    const session = await solifyn.checkout.createSession({
      productId,
      successUrl: `${merchant.origin}/thanks?checkout={CHECKOUT_ID}&order={ORDER_ID}`,
      cancelUrl: `${merchant.origin}/pricing`,
      expiresAt: in45Minutes(),
    });
    const retrieved = await solifyn.checkout.retrieve(session.id);
    expect(Date.parse(retrieved.expires_at) - Date.parse(retrieved.created_at)).toBeGreaterThan(44 * 60_000);
    expect(Date.parse(retrieved.expires_at) - Date.parse(retrieved.created_at)).toBeLessThanOrEqual(45 * 60_000);

    await page.goto(session.checkoutUrl);
    const back = page.locator('#cancel-link');
    expect(await back.textContent()).toBe(`← Back to ${new URL(merchant.origin).host}`);
    expect(await back.getAttribute('href')).toBe(`${merchant.origin}/pricing`);

    await payOnPage(page);
    // The 303 to another origin is allowed by the page's CSP form-action, so Chromium follows it.
    await page.waitForURL((url) => url.origin === merchant.origin);
    expect(await page.locator('#merchant').textContent()).toBe('Thanks for your order');
    const landed = new URL(page.url());
    const completed = await solifyn.checkout.retrieve(session.id);
    expect(completed.status).toBe('completed');
    expect(landed.pathname).toBe('/thanks');
    expect(Object.fromEntries(landed.searchParams)).toEqual({ checkout: session.id, order: completed.order_id });
    expect(merchant.visits).not.toContain('/product-redirect');
    expect(problems).toEqual([]);
  });

  it('error: past its 45 minutes the page shows expired, and the form opened before is refused', async () => {
    const { page, problems } = tab;
    const session = await solifyn.checkout.createSession({
      productId,
      successUrl: `${merchant.origin}/thanks?checkout={CHECKOUT_ID}`,
      cancelUrl: `${merchant.origin}/pricing`,
      expiresAt: in45Minutes(),
    });
    await page.goto(session.checkoutUrl);
    await expect.poll(() => page.locator('#product-name').textContent()).toBe('Pro icon pack');

    clock.advance(45 * 60_000 + 1000);
    await payOnPage(page);
    expect(await page.locator('h1').textContent()).toBe('This checkout has expired');
    expect(page.url()).toBe(session.checkoutUrl);
    expect(await page.locator('#cancel-link').getAttribute('href')).toBe(`${merchant.origin}/pricing`);

    const response = await page.reload();
    expect(response?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('This checkout has expired');
    const retrieved = await solifyn.checkout.retrieve(session.id);
    expect([retrieved.status, retrieved.order_id]).toEqual(['expired', null]);
    const orders = await solifyn.orders.list();
    expect(orders.data.map((order) => order.checkout_id)).not.toContain(session.id);
    expect(merchant.visits.filter((visit) => visit.includes(session.id))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
