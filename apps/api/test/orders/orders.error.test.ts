import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, payCheckout } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

function pointers(res: { body: { errors?: { pointer: string }[] } }): string[] {
  return (res.body.errors ?? []).map((e) => e.pointer);
}

describe('GET /v1/orders/{orderId}: errors', () => {
  it('404 order_not_found for an unknown id', async () => {
    for (const id of ['ord_doesnotexist0000', 'garbage']) {
      const res = await api.request('GET', `/v1/orders/${id}`);
      expect([id, res.status, res.body.code]).toEqual([id, 404, 'order_not_found']);
      expect(pointers(res)).toEqual(['/path/orderId']);
    }
  });

  it('404 order_not_found for the id of the checkout session or product behind an order', async () => {
    const product = await fixedProduct(api);
    const session = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, customerEmail: 'a@example.com' },
    });
    await payCheckout(api, session.body.id);
    for (const id of [session.body.id, session.body.session_id, product.id]) {
      const res = await api.request('GET', `/v1/orders/${id}`);
      expect([id, res.status, res.body.code]).toEqual([id, 404, 'order_not_found']);
    }
  });

  it('400 validation_failed for an id over 64 characters', async () => {
    const res = await api.request('GET', `/v1/orders/ord_${'x'.repeat(61)}`);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toEqual(['/path/orderId']);
  });

  it('405 for writes: orders are read-only', async () => {
    const res = await api.request('POST', '/v1/orders', { body: {} });
    expect([res.status, res.body.code]).toEqual([405, 'method_not_allowed']);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('GET /v1/orders: query errors', () => {
  it.each(['0', '101', '2.5', 'all'])('400 validation_failed for limit=%s', async (limit) => {
    const res = await api.request('GET', `/v1/orders?limit=${limit}`);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toEqual(['/query/limit']);
  });

  it('400 validation_failed for an empty or over-long productId', async () => {
    for (const productId of ['', `prod_${'x'.repeat(60)}`]) {
      const res = await api.request('GET', `/v1/orders?productId=${productId}`);
      expect([productId, res.status, res.body.code]).toEqual([productId, 400, 'validation_failed']);
      expect(pointers(res)).toEqual(['/query/productId']);
    }
  });

  it('400 invalid_cursor for an unknown cursor or the id of another kind of object', async () => {
    const product = await fixedProduct(api);
    for (const cursor of ['ord_doesnotexist0000', product.id]) {
      const res = await api.request('GET', `/v1/orders?startingAfter=${cursor}`);
      expect([cursor, res.status, res.body.code]).toEqual([cursor, 400, 'invalid_cursor']);
      expect(pointers(res)).toEqual(['/query/startingAfter']);
    }
  });

  it('an order of another product is still a valid cursor under a productId filter (empty page, not 400)', async () => {
    const a = await fixedProduct(api);
    const b = await fixedProduct(api);
    const session = await api.request('POST', '/v1/checkout/create', {
      body: { productId: a.id, customerEmail: 'a@example.com' },
    });
    const orderId = await payCheckout(api, session.body.id);
    const res = await api.request('GET', `/v1/orders?productId=${b.id}&startingAfter=${orderId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });
});
