import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { runSeedSnippet } from './seed-snippet';
import { type SdkHarness, sdkHarness } from './sdk-client';

let api: TestApi;
let sdk: SdkHarness;

beforeEach(async () => {
  api = await testApi();
  sdk = sdkHarness(api);
});

afterEach(() => {
  vi.restoreAllMocks();
  sdk.expectNoViolations();
});

describe('the published seed snippet', () => {
  it('runs against the server and prints a working checkout URL of a session the API can retrieve', async () => {
    const product = await sdk.solifyn.products.create({
      name: 'Pro icon pack',
      pricingType: 'fixed',
      prices: [{ currency: 'usd', amount: 19.99 }],
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const before = { fetch: globalThis.fetch, baseUrl: process.env.SOLIFYN_BASE_URL };

    await runSeedSnippet(api.account.key, product.id, sdk.fetch);

    expect(log).toHaveBeenCalledTimes(1);
    const [label, printed] = log.mock.calls[0] as [string, string];
    expect(label).toBe('Checkout Redirect URL:');
    const url = new URL(printed);
    expect(url.origin).toBe('http://localhost:3000');
    expect(url.pathname).toBe(`/checkout/test/${product.id}`);
    const checkoutId = url.searchParams.get('checkout_id');
    expect(checkoutId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // The snippet's request went through the SDK, as the page shows it.
    const create = sdk.exchanges.find((e) => e.path === '/v1/checkout/create');
    expect(create?.status).toBe(201);
    expect(create?.body).toEqual({
      productId: product.id,
      quantity: 1,
      customerEmail: 'customer@example.com',
      customFields: { userId: 'user_9983' },
    });
    expect(create?.requestHeaders.get('authorization')).toBe(`Bearer ${api.account.key}`);
    expect(create?.requestHeaders.get('solifyn-sdk')).toMatch(/^typescript\//);

    const session = await api.request('GET', `/v1/checkout/${checkoutId}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      id: checkoutId,
      status: 'open',
      mode: 'test',
      product_id: product.id,
      quantity: 1,
      total: 19.99,
      customer_email: 'customer@example.com',
      custom_fields: { userId: 'user_9983' },
      checkout_url: printed,
    });
    // The URL works: the hosted page renders the payment form for this product and session.
    const page = await api.app.request(url.pathname + url.search);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Pro icon pack');
    expect(html).toContain('customer@example.com');

    // What the run set up for the snippet is undone.
    expect(globalThis.fetch).toBe(before.fetch);
    expect(process.env.SOLIFYN_BASE_URL).toBe(before.baseUrl);
  });
});
