import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/store/accounts';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('products: authentication', () => {
  it('401 invalid_api_key for an unknown key, and nothing is created', async () => {
    const res = await api.request('POST', '/v1/products', {
      key: 'sk_test_00000000000000000000000000000000',
      body: { name: 'X', prices: [{ currency: 'usd', amount: 1 }] },
    });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_api_key']);
    const count = await api.deps.db.query<{ n: number }>('select count(*)::int as n from products');
    expect(count[0]!.n).toBe(0);
  });
});

describe('products: isolation by account and mode', () => {
  it('another account or mode cannot read, list, page after, update or sell the product', async () => {
    const product = await fixedProduct(api);
    const before = await api.request('GET', `/v1/products/${product.id}`);
    for (const [who, key] of await outsiders(api)) {
      const read = await api.request('GET', `/v1/products/${product.id}`, { key });
      expect([who, read.status, read.body.code]).toEqual([who, 404, 'product_not_found']);
      const list = await api.request('GET', '/v1/products', { key });
      expect([who, list.body.data]).toEqual([who, []]);
      const cursor = await api.request('GET', `/v1/products?startingAfter=${product.id}`, { key });
      expect([who, cursor.status, cursor.body.code]).toEqual([who, 400, 'invalid_cursor']);
      const patch = await api.request('PATCH', `/v1/products/${product.id}`, {
        key,
        body: { name: 'Hijacked', active: false },
      });
      expect([who, patch.status, patch.body.code]).toEqual([who, 404, 'product_not_found']);
      const checkout = await api.request('POST', '/v1/checkout/create', { key, body: { productId: product.id } });
      expect([who, checkout.status, checkout.body.code]).toEqual([who, 404, 'product_not_found']);
      const discount = await api.request('POST', '/v1/discounts', {
        key,
        body: { code: 'STEAL', type: 'percent', percentOff: 10, productId: product.id },
      });
      expect([who, discount.status, discount.body.code]).toEqual([who, 404, 'product_not_found']);
    }
    expect((await api.request('GET', `/v1/products/${product.id}`)).body).toEqual(before.body);
  });

  it('each key lists only its own products; live products say live', async () => {
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const mine = await fixedProduct(api);
    const liveProduct = await api.request('POST', '/v1/products', {
      key: live.secret,
      body: { name: 'Live', prices: [{ currency: 'usd', amount: 3 }] },
    });
    expect([liveProduct.status, liveProduct.body.mode]).toEqual([201, 'live']);
    const testList = await api.request('GET', '/v1/products');
    const liveList = await api.request('GET', '/v1/products', { key: live.secret });
    expect(testList.body.data.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    expect(liveList.body.data.map((p: { id: string; mode: string }) => [p.id, p.mode])).toEqual([
      [liveProduct.body.id, 'live'],
    ]);
  });

  it('the same Idempotency-Key in another mode is a new request, not a replay of the test product', async () => {
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const body = { name: 'Same', prices: [{ currency: 'usd', amount: 1 }] };
    const headers = { 'idempotency-key': 'shared' };
    const test = await api.request('POST', '/v1/products', { body, headers });
    const other = await api.request('POST', '/v1/products', { key: live.secret, body, headers });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.body.id).not.toBe(test.body.id);
    expect(other.body.mode).toBe('live');
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.com/x',
  ])(
    'refuses redirectUrl %s on create and update (400 validation_failed): the buyer is sent there after paying',
    async (redirectUrl) => {
      const created = await api.request('POST', '/v1/products', {
        body: { name: 'X', prices: [{ currency: 'usd', amount: 1 }], redirectUrl },
      });
      expect([created.status, created.body.code]).toEqual([400, 'validation_failed']);
      // Only redirectUrl is blamed (once per rule it breaks: RFC 3986, https?://).
      expect(new Set(created.body.errors.map((e: { pointer: string }) => e.pointer))).toEqual(
        new Set(['/body/redirectUrl']),
      );
      const product = await fixedProduct(api);
      const updated = await api.request('PATCH', `/v1/products/${product.id}`, { body: { redirectUrl } });
      expect([updated.status, updated.body.code]).toEqual([400, 'validation_failed']);
      expect((await api.request('GET', `/v1/products/${product.id}`)).body.redirect_url).toBeNull();
      expect((await api.request('GET', '/v1/products')).body.data).toHaveLength(1);
    },
  );

  it('stores text as given and never echoes SQL or stack traces', async () => {
    const name = `Robert'); drop table products; -- <script>alert(1)</script>`;
    const created = await api.request('POST', '/v1/products', {
      body: { name, prices: [{ currency: 'usd', amount: 1 }] },
    });
    expect(created.body.name).toBe(name);
    const odd = await api.request('GET', `/v1/products/${encodeURIComponent("x' or '1'='1")}`);
    expect([odd.status, odd.body.code]).toEqual([404, 'product_not_found']);
    expect(JSON.stringify(odd.body)).not.toMatch(/select|stack|\.ts:/i);
    expect((await api.request('GET', '/v1/products')).body.data).toHaveLength(1);
  });
});
