import { VERSION } from 'solifyn';
import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { sdkHarness } from '../sdk/sdk-client';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

async function createProduct(): Promise<string> {
  const res = await api.request<{ id: string }>('POST', '/v1/products', {
    body: { name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('access log (happy): one line per request', () => {
  it('names the route template and operation, the status, the account and key prefix, and the time it took', async () => {
    const productId = await createProduct();
    api.logs.clear();
    const res = await api.request('GET', `/v1/products/${productId}`);
    expect(res.status).toBe(200);
    expect(api.logs.requests()).toEqual([
      {
        level: 30,
        time: expect.any(String),
        msg: 'request',
        request_id: res.headers.get('request-id'),
        method: 'GET',
        route: '/v1/products/{productId}',
        operation_id: 'retrieveProduct',
        status: 200,
        duration_ms: expect.any(Number),
        account_id: api.account.account_id,
        key_prefix: expect.stringMatching(/^sk_test_/),
        sdk_version: null,
      },
    ]);
  });

  it('stamps each line with the time it was written, to the millisecond (ISO 8601, UTC)', async () => {
    api.logs.clear();
    const before = Date.now();
    await api.request('GET', '/livez', { key: null });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await api.request('GET', '/livez', { key: null });
    const after = Date.now();
    const times = api.logs.requests().map((line) => String(line.time));
    expect(times).toHaveLength(2);
    for (const time of times) {
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(time)).toBeLessThanOrEqual(after);
    }
    expect(Date.parse(times[1]!)).toBeGreaterThan(Date.parse(times[0]!));
  });

  it('records the SDK version our SDK sends with every call', async () => {
    const { solifyn } = sdkHarness(api);
    await solifyn.products.list();
    expect(api.logs.requests()).toEqual([
      expect.objectContaining({ operation_id: 'listProducts', status: 200, sdk_version: VERSION }),
    ]);
  });

  it('logs refused and unrouted requests too, with what is known of them', async () => {
    const unauthenticated = await api.request('GET', '/v1/products', { key: null });
    const unrouted = await api.request('GET', '/v1/nowhere/at/all');
    const invalid = await api.request('GET', '/v1/products?limit=0');
    expect([unauthenticated.status, unrouted.status, invalid.status]).toEqual([401, 404, 400]);
    expect(api.logs.requests()).toEqual([
      expect.objectContaining({
        request_id: unauthenticated.headers.get('request-id'),
        route: '/v1/products',
        operation_id: 'listProducts',
        status: 401,
        account_id: null,
        key_prefix: null,
      }),
      expect.objectContaining({
        request_id: unrouted.headers.get('request-id'),
        route: null,
        operation_id: null,
        status: 404,
        account_id: api.account.account_id,
      }),
      // Refused by the route's validator, before its handler ran.
      expect.objectContaining({
        request_id: invalid.headers.get('request-id'),
        route: '/v1/products',
        operation_id: 'listProducts',
        status: 400,
      }),
    ]);
  });
});
