import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/store/accounts';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, payCheckout } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

async function orderFor(key?: string): Promise<{ orderId: string; productId: string }> {
  const product = await fixedProduct(api, key);
  const session = await api.request('POST', '/v1/checkout/create', {
    key,
    body: { productId: product.id, customerEmail: 'a@example.com' },
  });
  return { orderId: await payCheckout(api, session.body.id, { key }), productId: product.id };
}

describe('orders: authentication', () => {
  it('401 invalid_api_key, never the order, for an unknown key', async () => {
    const { orderId } = await orderFor();
    const res = await api.request('GET', `/v1/orders/${orderId}`, { key: 'sk_test_00000000000000000000000000000000' });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_api_key']);
    expect(JSON.stringify(res.body)).not.toContain('a@example.com');
  });
});

describe('orders: isolation by account and mode', () => {
  it('another account or mode cannot read, list, filter to or page after the order', async () => {
    const { orderId, productId } = await orderFor();
    for (const [who, key] of await outsiders(api)) {
      const read = await api.request('GET', `/v1/orders/${orderId}`, { key });
      expect([who, read.status, read.body.code]).toEqual([who, 404, 'order_not_found']);
      const list = await api.request('GET', '/v1/orders', { key });
      expect([who, list.body.data]).toEqual([who, []]);
      const filtered = await api.request('GET', `/v1/orders?productId=${productId}`, { key });
      expect([who, filtered.body.data]).toEqual([who, []]);
      const cursor = await api.request('GET', `/v1/orders?startingAfter=${orderId}`, { key });
      expect([who, cursor.status, cursor.body.code]).toEqual([who, 400, 'invalid_cursor']);
    }
  });

  it('each key sees only the orders of its account and mode', async () => {
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const stranger = await api.newAccount('test');
    const mine = await orderFor();
    const liveOrder = await orderFor(live.secret);
    const theirs = await orderFor(stranger.key);
    const list = async (key?: string) =>
      (await api.request('GET', '/v1/orders', { key })).body.data.map((o: { id: string; mode: string }) => [
        o.id,
        o.mode,
      ]);
    expect(await list()).toEqual([[mine.orderId, 'test']]);
    expect(await list(live.secret)).toEqual([[liveOrder.orderId, 'live']]);
    expect(await list(stranger.key)).toEqual([[theirs.orderId, 'test']]);
  });
});
