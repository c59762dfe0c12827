import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('HTTP basics', () => {
  it('GET /healthz answers without a key', async () => {
    const res = await api.request('GET', '/healthz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('GET /openapi.json serves the bundled spec without a key', async () => {
    const res = await api.request('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1/);
    expect(res.body.paths['/v1/checkout/create'].post.operationId).toBe('createCheckoutSession');
  });

  it('sends Request-Id and rate-limit headers on authenticated responses', async () => {
    const res = await api.request('GET', '/v1/products');
    expect(res.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{20}$/);
    expect(res.headers.get('ratelimit-policy')).toBe('"default";q=100;w=1');
    expect(res.headers.get('ratelimit')).toMatch(/^"default";r=99;t=1$/);
  });

  it('sends rate-limit headers only once the key is accepted, as the spec declares', async () => {
    const limited = (res: { headers: Headers }) => [res.headers.get('ratelimit'), res.headers.get('ratelimit-policy')];
    const notFound = await api.request('GET', '/v1/products/prod_unknown');
    expect(notFound.status).toBe(404);
    expect(limited(notFound)).toEqual([expect.stringMatching(/^"default";r=\d+;t=\d+$/), '"default";q=100;w=1']);
    const big = JSON.stringify({ productId: 'x', checkoutData: { blob: 'x'.repeat(1024 * 1024) } });
    const unlimited = [
      await api.request('GET', '/v1/products', { key: null }),
      await api.request('GET', '/v1/products', { key: `sk_test_${'0'.repeat(32)}` }),
      await api.request('POST', '/v1/products', { rawBody: big, headers: { 'content-type': 'application/json' } }),
      await api.request('GET', '/healthz', { key: null }),
      await api.request('GET', '/openapi.json', { key: null }),
    ];
    expect(unlimited.map((res) => res.status)).toEqual([401, 401, 413, 200, 200]);
    for (const res of unlimited) expect(limited(res)).toEqual([null, null]);
  });

  it('replays the stored response for the same Idempotency-Key and body', async () => {
    const product = await fixedProduct(api);
    const headers = { 'idempotency-key': 'checkout-for-order-42' };
    const first = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, quantity: 2 },
      headers,
    });
    // Same parameters in another order are the same request.
    const again = await api.request('POST', '/v1/checkout/create', {
      body: { quantity: 2, productId: product.id },
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const list = await api.request('GET', '/v1/checkout');
    expect(list.body.data).toHaveLength(1);
  });

  it('a key kept past its 24 h but not swept yet is free again: a new request, then replayed as that one', async () => {
    const product = await fixedProduct(api);
    const headers = { 'idempotency-key': 'reused-next-day' };
    const first = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id }, headers });
    const refused = await api.request('POST', '/v1/checkout/create', {
      body: { productId: 'prod_gone' },
      headers: { 'idempotency-key': 'refused-next-day' },
    });
    expect([first.status, refused.status]).toEqual([201, 404]);
    api.clock.advance(24 * 3600_000 + 1000);
    const next = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id }, headers });
    expect([next.status, next.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(next.body.id).not.toBe(first.body.id);
    const replay = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id }, headers });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body]).toEqual([201, 'true', next.body]);
    // A stored refusal expires the same way: the next day the key runs the (now valid) request.
    const runs = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id },
      headers: { 'idempotency-key': 'refused-next-day' },
    });
    expect([runs.status, runs.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect((await api.request('GET', '/v1/checkout')).body.data).toHaveLength(3);
  });

  it('keeps keys per account: the same key from another account is a new request', async () => {
    const product = await fixedProduct(api);
    const other = await api.newAccount();
    const otherProduct = await fixedProduct(api, other.key);
    const headers = { 'idempotency-key': 'shared-key' };
    const mine = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id }, headers });
    const theirs = await api.request('POST', '/v1/checkout/create', {
      key: other.key,
      body: { productId: otherProduct.id },
      headers,
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });
});

describe('docs portal', () => {
  it('GET /docs/ serves the built portal without a key (test/docs/ covers the rest)', async () => {
    const res = await api.app.request('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Create a checkout session');
  });
});
