import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct, pwywProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('POST /v1/checkout/create', () => {
  it('answers the seed request with 201 {id, session_id, checkout_url}', async () => {
    const product = await fixedProduct(api);
    const res = await api.request('POST', '/v1/checkout/create', {
      body: {
        productId: product.id,
        quantity: 1,
        customerEmail: 'customer@example.com',
        customFields: { userId: 'user_9983' },
      },
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['checkout_url', 'id', 'session_id']);
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.body.session_id).toMatch(/^ch_[A-Za-z0-9]{14,}$/);
    expect(res.body.checkout_url).toBe(`http://localhost:3000/checkout/test/${product.id}?checkout_id=${res.body.id}`);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('stores what was asked and prices it in minor units', async () => {
    const product = await fixedProduct(api);
    const created = await api.request('POST', '/v1/checkout/create', {
      body: {
        productId: product.id,
        quantity: 3,
        customerEmail: 'buyer@example.com',
        customFields: { userId: 'user_1' },
        checkoutData: { cart: { items: [1, 2] } },
        aff: 'partner_abc',
      },
    });
    const session = await api.request('GET', `/v1/checkout/${created.body.id}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      id: created.body.id,
      session_id: created.body.session_id,
      status: 'open',
      mode: 'test',
      currency: 'usd',
      quantity: 3,
      unit_amount: 19.99,
      subtotal: 59.97,
      discount_amount: 0,
      total: 59.97,
      customer_email: 'buyer@example.com',
      custom_fields: { userId: 'user_1' },
      checkout_data: { cart: { items: [1, 2] } },
      aff: 'partner_abc',
      order_id: null,
      completed_at: null,
    });
    expect(Date.parse(session.body.expires_at) - Date.parse(session.body.created_at)).toBe(24 * 3600 * 1000);
  });

  it('can be retrieved by session_id too', async () => {
    const product = await fixedProduct(api);
    const created = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const bySessionId = await api.request('GET', `/v1/checkout/${created.body.session_id}`);
    expect(bySessionId.status).toBe(200);
    expect(bySessionId.body.id).toBe(created.body.id);
  });

  it('defaults quantity to 1 and currency to the product default, and takes another priced currency', async () => {
    const product = await fixedProduct(api);
    const usd = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const eur = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id, currency: 'eur' } });
    const [a, b] = await Promise.all([
      api.request('GET', `/v1/checkout/${usd.body.id}`),
      api.request('GET', `/v1/checkout/${eur.body.id}`),
    ]);
    expect(a.body).toMatchObject({ quantity: 1, currency: 'usd', total: 19.99 });
    expect(b.body).toMatchObject({ quantity: 1, currency: 'eur', total: 17.99 });
  });

  it('applies a percent discount code, case-insensitively, rounding half up', async () => {
    const product = await fixedProduct(api);
    await discount(api, { code: 'PROMO10', type: 'percent', percentOff: 10 });
    const created = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, quantity: 3, discountCode: 'promo10' },
    });
    const session = await api.request('GET', `/v1/checkout/${created.body.id}`);
    // 10 % of 59.97 = 5.997 → 6.00
    expect(session.body).toMatchObject({ discount_code: 'PROMO10', subtotal: 59.97, discount_amount: 6, total: 53.97 });
  });

  it('never lets a fixed discount take the total below zero', async () => {
    const product = await fixedProduct(api);
    await discount(api, { code: 'BIG', type: 'fixed_amount', amountOff: 50, currency: 'usd' });
    const created = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, discountCode: 'BIG' },
    });
    const session = await api.request('GET', `/v1/checkout/${created.body.id}`);
    expect(session.body).toMatchObject({ subtotal: 19.99, discount_amount: 19.99, total: 0 });
  });

  it('takes a pay-what-you-want price within bounds, and the suggested price without one', async () => {
    const product = await pwywProduct(api);
    const custom = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, customPrice: 15 },
    });
    const suggested = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    expect((await api.request('GET', `/v1/checkout/${custom.body.id}`)).body.unit_amount).toBe(15);
    expect((await api.request('GET', `/v1/checkout/${suggested.body.id}`)).body.unit_amount).toBe(15);
  });

  it('re-validates and updates an open session with checkoutId, keeping its ids', async () => {
    const product = await fixedProduct(api);
    const first = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const second = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, checkoutId: first.body.id, quantity: 2, customerEmail: 'late@example.com' },
    });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const session = await api.request('GET', `/v1/checkout/${first.body.id}`);
    expect(session.body).toMatchObject({ quantity: 2, total: 39.98, customer_email: 'late@example.com' });
  });
});

describe('GET /v1/checkout (list)', () => {
  it('pages newest first with a cursor and filters by status and product', async () => {
    const a = await fixedProduct(api);
    const b = await pwywProduct(api);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(1000);
      const res = await api.request('POST', '/v1/checkout/create', { body: { productId: i % 2 ? b.id : a.id } });
      ids.push(res.body.id);
    }
    const first = await api.request('GET', '/v1/checkout?limit=2');
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
    expect(first.body).toMatchObject({ has_more: true, next_cursor: ids[3] });
    const second = await api.request('GET', `/v1/checkout?limit=2&startingAfter=${first.body.next_cursor}`);
    expect(second.body.data.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const last = await api.request('GET', `/v1/checkout?limit=2&startingAfter=${second.body.next_cursor}`);
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(last.body.data.map((s: { id: string }) => s.id)).toEqual([ids[0]]);

    // The oldest session as cursor: an empty last page, not a bad cursor; upper case names the same UUID.
    const after = await api.request('GET', `/v1/checkout?startingAfter=${ids[0]!.toUpperCase()}`);
    expect([after.status, after.body]).toEqual([200, { data: [], has_more: false, next_cursor: null }]);
    // A known cursor whose filtered page is empty is fine too.
    const none = await api.request('GET', `/v1/checkout?status=completed&startingAfter=${ids[4]}`);
    expect([none.status, none.body.data]).toEqual([200, []]);

    const forB = await api.request('GET', `/v1/checkout?productId=${b.id}`);
    expect(forB.body.data.map((s: { id: string }) => s.id)).toEqual([ids[3], ids[1]]);

    await api.request('POST', `/v1/checkout/${ids[0]}/expire`);
    const expired = await api.request('GET', '/v1/checkout?status=expired');
    expect(expired.body.data.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
    const open = await api.request('GET', '/v1/checkout?status=open');
    expect(open.body.data).toHaveLength(4);
  });
});

describe('expiry', () => {
  it('expires on request and records checkout.expired', async () => {
    const product = await fixedProduct(api);
    const created = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const expired = await api.request('POST', `/v1/checkout/${created.body.id}/expire`);
    expect(expired.status).toBe(200);
    expect(expired.body.status).toBe('expired');
    const events = await api.request('GET', '/v1/events?type=checkout.expired');
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0].data.object).toMatchObject({ id: created.body.id, status: 'expired' });
  });

  it('reads as expired after 24 h, before and after the sweeper writes it', async () => {
    const { expireCheckoutSessions } = await import('../../src/jobs/sweeper');
    const product = await fixedProduct(api);
    const created = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    api.clock.advance(24 * 3600 * 1000 + 1);
    expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body.status).toBe('expired');
    expect(await expireCheckoutSessions(api.deps)).toBe(1);
    expect(await expireCheckoutSessions(api.deps)).toBe(0);
    expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body.status).toBe('expired');
    const events = await api.request('GET', '/v1/events');
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['checkout.expired']);
  });
});
