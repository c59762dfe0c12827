import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct, payCheckout, pwywProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((o) => o.id);

async function checkout(body: Record<string, unknown>): Promise<{ id: string; session_id: string }> {
  const res = await api.request('POST', '/v1/checkout/create', { body });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('GET /v1/orders/{orderId}', () => {
  it('returns the order with the session amounts in major units and its metadata', async () => {
    const product = await fixedProduct(api);
    await discount(api, { code: 'PROMO10', type: 'percent', percentOff: 10 });
    const session = await checkout({
      productId: product.id,
      quantity: 2,
      discountCode: 'promo10',
      customerEmail: 'buyer@example.com',
      customFields: { userId: 'user_9983' },
      checkoutData: { campaign: 'autumn', items: [1, 2] },
      aff: 'partner_abc',
    });
    api.clock.advance(60_000);
    const orderId = await payCheckout(api, session.id);

    const res = await api.request('GET', `/v1/orders/${orderId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: orderId,
      object: 'order',
      mode: 'test',
      checkout_id: session.id,
      session_id: session.session_id,
      product_id: product.id,
      currency: 'usd',
      quantity: 2,
      unit_amount: 19.99,
      subtotal: 39.98,
      discount_code: 'PROMO10',
      discount_amount: 4,
      total: 35.98,
      amount_refunded: 0,
      status: 'paid',
      customer_email: 'buyer@example.com',
      custom_fields: { userId: 'user_9983' },
      checkout_data: { campaign: 'autumn', items: [1, 2] },
      aff: 'partner_abc',
      created_at: '2026-11-24T12:01:00.000Z',
    });
    const completed = await api.request('GET', `/v1/checkout/${session.id}`);
    expect(completed.body).toMatchObject({ status: 'completed', order_id: orderId });
  });

  it('carries nulls and other currencies through: no discount, no metadata, whole yen', async () => {
    const product = await api.request('POST', '/v1/products', {
      body: { name: 'Yen', prices: [{ currency: 'jpy', amount: 1500 }] },
    });
    const session = await checkout({ productId: product.body.id, quantity: 3 });
    const orderId = await payCheckout(api, session.id, { customerEmail: 'jp@example.com' });
    const res = await api.request('GET', `/v1/orders/${orderId}`);
    expect(res.body).toMatchObject({
      currency: 'jpy',
      quantity: 3,
      unit_amount: 1500,
      subtotal: 4500,
      discount_code: null,
      discount_amount: 0,
      total: 4500,
      customer_email: 'jp@example.com',
      custom_fields: {},
      checkout_data: null,
      aff: null,
    });
  });

  it('keeps a pay-what-you-want price as paid', async () => {
    const product = await pwywProduct(api);
    const session = await checkout({ productId: product.id, customPrice: 42.5, customerEmail: 'fan@example.com' });
    const orderId = await payCheckout(api, session.id);
    expect((await api.request('GET', `/v1/orders/${orderId}`)).body).toMatchObject({ unit_amount: 42.5, total: 42.5 });
  });
});

describe('GET /v1/orders', () => {
  it('is empty without orders', async () => {
    expect((await api.request('GET', '/v1/orders')).body).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('pages newest first and filters by product', async () => {
    const a = await fixedProduct(api);
    const b = await pwywProduct(api);
    const orders: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(1000);
      const session = await checkout({ productId: i % 2 ? b.id : a.id, customerEmail: `c${i}@example.com` });
      orders.push(await payCheckout(api, session.id));
    }
    const newestFirst = [...orders].reverse();
    const first = await api.request('GET', '/v1/orders?limit=2');
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.body).toMatchObject({ has_more: true, next_cursor: newestFirst[1] });
    const second = await api.request('GET', `/v1/orders?limit=2&startingAfter=${first.body.next_cursor}`);
    expect(ids(second)).toEqual(newestFirst.slice(2, 4));
    const last = await api.request('GET', `/v1/orders?limit=2&startingAfter=${second.body.next_cursor}`);
    expect(ids(last)).toEqual(newestFirst.slice(4));
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });

    expect(ids(await api.request('GET', `/v1/orders?productId=${b.id}`))).toEqual([orders[3], orders[1]]);
    const forA = await api.request('GET', `/v1/orders?productId=${a.id}&limit=2`);
    expect(ids(forA)).toEqual([orders[4], orders[2]]);
    const restA = await api.request(
      'GET',
      `/v1/orders?productId=${a.id}&limit=2&startingAfter=${forA.body.next_cursor}`,
    );
    expect(ids(restA)).toEqual([orders[0]]);
    expect(restA.body.has_more).toBe(false);
  });

  it('an unknown or order-less product filters to an empty list', async () => {
    const a = await fixedProduct(api);
    const b = await pwywProduct(api);
    const session = await checkout({ productId: a.id, customerEmail: 'x@example.com' });
    await payCheckout(api, session.id);
    expect((await api.request('GET', `/v1/orders?productId=${b.id}`)).body.data).toEqual([]);
    const unknown = await api.request('GET', '/v1/orders?productId=prod_doesnotexist0000');
    expect([unknown.status, unknown.body.data]).toEqual([200, []]);
  });

  it('lists an order of an archived product', async () => {
    const product = await fixedProduct(api);
    const session = await checkout({ productId: product.id, customerEmail: 'x@example.com' });
    const orderId = await payCheckout(api, session.id);
    await api.request('PATCH', `/v1/products/${product.id}`, { body: { active: false } });
    expect(ids(await api.request('GET', `/v1/orders?productId=${product.id}`))).toEqual([orderId]);
    expect((await api.request('GET', `/v1/orders/${orderId}`)).status).toBe(200);
  });
});
