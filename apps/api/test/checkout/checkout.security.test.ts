import { beforeEach, describe, expect, it } from 'vitest';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('checkout: authentication', () => {
  it.each([
    ['malformed', 'hello'],
    ['unknown', 'sk_test_00000000000000000000000000000000'],
    ['wrong scheme', 'Basic abc'],
  ])('401 invalid_api_key for a %s key', async (_name, key) => {
    const headers = key.startsWith('Basic') ? { authorization: key } : undefined;
    const res = await api.request('GET', '/v1/checkout', { key: headers ? null : key, headers });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_api_key']);
  });
});

describe('checkout: isolation by account and mode', () => {
  it("a live key of the same account never sees test objects, another account never sees the account's", async () => {
    const product = await fixedProduct(api);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    for (const [, key] of await outsiders(api)) {
      const read = await api.request('GET', `/v1/checkout/${session.body.id}`, { key });
      expect([read.status, read.body.code]).toEqual([404, 'checkout_not_found']);
      const list = await api.request('GET', '/v1/checkout', { key });
      expect(list.body.data).toEqual([]);
      // Another account's session is no cursor: the same 400 as an unknown one.
      const paged = await api.request('GET', `/v1/checkout?startingAfter=${session.body.id}`, { key });
      expect([paged.status, paged.body.code]).toEqual([400, 'invalid_cursor']);
      const create = await api.request('POST', '/v1/checkout/create', { key, body: { productId: product.id } });
      expect([create.status, create.body.code]).toEqual([404, 'product_not_found']);
      const expire = await api.request('POST', `/v1/checkout/${session.body.id}/expire`, { key });
      expect(expire.status).toBe(404);
    }
  });

  it('a session its owner has read (now in the cache) is still 404 for a live key of the account and for another account', async () => {
    const product = await fixedProduct(api);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const refs = [
      session.body.id as string,
      session.body.session_id as string,
      (session.body.id as string).toUpperCase(),
    ];
    for (const ref of refs) expect((await api.request('GET', `/v1/checkout/${ref}`)).status).toBe(200);
    for (const [, key] of await outsiders(api)) {
      for (const ref of refs) {
        const read = await api.request('GET', `/v1/checkout/${ref}`, { key });
        expect([read.status, read.body.code]).toEqual([404, 'checkout_not_found']);
      }
    }
  });

  it('a live checkout_url says live', async () => {
    const live = await api.newAccount('live');
    const product = await fixedProduct(api, live.key);
    const res = await api.request('POST', '/v1/checkout/create', { key: live.key, body: { productId: product.id } });
    expect(res.body.checkout_url).toContain(`/checkout/live/${product.id}?checkout_id=`);
  });

  it('never leaks a stack trace or SQL in an error', async () => {
    const res = await api.request('GET', `/v1/checkout/${"x'; drop table checkout_sessions; --"}`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/select|at .*\.ts|stack/i);
  });
});
