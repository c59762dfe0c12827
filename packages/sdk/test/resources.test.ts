import { describe, expect, it } from 'vitest';
import { Solifyn } from '../src/index';
import { json, scriptedFetch } from './helpers/scripted-fetch';

/** Each resource method sends the operation's method and path; the core is tested in test/core. */
describe('resources map to their operations', () => {
  const list = { data: [], has_more: false, next_cursor: null };
  const cases: [string, (s: Solifyn) => Promise<unknown>, string, string, unknown?][] = [
    [
      'checkout.createSession',
      (s) => s.checkout.createSession({ productId: 'prod_1', quantity: 1 }),
      'POST',
      '/v1/checkout/create',
      { productId: 'prod_1', quantity: 1 },
    ],
    ['checkout.retrieve', (s) => s.checkout.retrieve('ch_1'), 'GET', '/v1/checkout/ch_1'],
    ['checkout.list', (s) => s.checkout.list({ status: 'open', limit: 5 }), 'GET', '/v1/checkout?status=open&limit=5'],
    ['checkout.expire', (s) => s.checkout.expire('ch_1'), 'POST', '/v1/checkout/ch_1/expire'],
    [
      'products.create',
      (s) => s.products.create({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] }),
      'POST',
      '/v1/products',
      { name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] },
    ],
    ['products.retrieve', (s) => s.products.retrieve('prod_1'), 'GET', '/v1/products/prod_1'],
    [
      'products.update',
      (s) => s.products.update('prod_1', { active: false }),
      'PATCH',
      '/v1/products/prod_1',
      { active: false },
    ],
    ['products.list', (s) => s.products.list({ active: true }), 'GET', '/v1/products?active=true'],
    [
      'discounts.create',
      (s) => s.discounts.create({ code: 'PROMO10', type: 'percent', percentOff: 10 }),
      'POST',
      '/v1/discounts',
      { code: 'PROMO10', type: 'percent', percentOff: 10 },
    ],
    ['discounts.retrieve', (s) => s.discounts.retrieve('disc_1'), 'GET', '/v1/discounts/disc_1'],
    ['discounts.list', (s) => s.discounts.list(), 'GET', '/v1/discounts'],
    ['discounts.deactivate', (s) => s.discounts.deactivate('disc_1'), 'POST', '/v1/discounts/disc_1/deactivate'],
    ['orders.retrieve', (s) => s.orders.retrieve('ord_1'), 'GET', '/v1/orders/ord_1'],
    ['orders.list', (s) => s.orders.list({ productId: 'prod_1' }), 'GET', '/v1/orders?productId=prod_1'],
    [
      'orders.refund',
      (s) => s.orders.refund('ord_1', { amount: 5 }),
      'POST',
      '/v1/orders/ord_1/refunds',
      { amount: 5 },
    ],
    [
      'refunds.create',
      (s) => s.refunds.create('ord_1', { amount: 10, reason: 'duplicate' }),
      'POST',
      '/v1/orders/ord_1/refunds',
      { amount: 10, reason: 'duplicate' },
    ],
    ['refunds.create (all that is left)', (s) => s.refunds.create('ord_1'), 'POST', '/v1/orders/ord_1/refunds', {}],
    ['refunds.retrieve', (s) => s.refunds.retrieve('re_1'), 'GET', '/v1/refunds/re_1'],
    ['refunds.list', (s) => s.refunds.list({ orderId: 'ord_1' }), 'GET', '/v1/refunds?orderId=ord_1'],
    [
      'webhookEndpoints.create',
      (s) => s.webhookEndpoints.create({ url: 'https://example.com/hook', events: ['order.created'] }),
      'POST',
      '/v1/webhook_endpoints',
      { url: 'https://example.com/hook', events: ['order.created'] },
    ],
    ['webhookEndpoints.retrieve', (s) => s.webhookEndpoints.retrieve('we_1'), 'GET', '/v1/webhook_endpoints/we_1'],
    ['webhookEndpoints.list', (s) => s.webhookEndpoints.list(), 'GET', '/v1/webhook_endpoints'],
    ['webhookEndpoints.delete', (s) => s.webhookEndpoints.delete('we_1'), 'DELETE', '/v1/webhook_endpoints/we_1'],
    ['events.list', (s) => s.events.list({ type: 'checkout.completed' }), 'GET', '/v1/events?type=checkout.completed'],
    ['events.redeliver', (s) => s.events.redeliver('evt_1'), 'POST', '/v1/events/evt_1/redeliver'],
  ];

  it.each(cases)('%s', async (_, call, method, pathAndQuery, body) => {
    // The body is irrelevant here (a page fits every method); status codes are the spec's.
    const { fetch, calls } = scriptedFetch(json(200, list));
    await call(new Solifyn({ apiKey: 'sk_test_x', baseUrl: 'http://api.test', fetch }));
    expect(calls[0]!.method).toBe(method);
    expect(calls[0]!.url.pathname + calls[0]!.url.search).toBe(pathAndQuery);
    expect(calls[0]!.body).toEqual(body);
    expect(calls[0]!.headers.has('idempotency-key')).toBe(method === 'POST');
  });
});

describe('the published seed snippet', () => {
  it('creates a session and exposes checkoutUrl and checkout_url', async () => {
    const created = {
      id: '019e56ba-9832-72ae-9c4f-2b7e5d1a8f03',
      session_id: 'ch_4fT9kQ2mZx7LpR',
      checkout_url:
        'http://localhost:3000/checkout/test/prod_7oQUIde2kLxV9a?checkout_id=019e56ba-9832-72ae-9c4f-2b7e5d1a8f03',
    };
    const { fetch, calls } = scriptedFetch(json(201, created));

    const solifyn = new Solifyn({ apiKey: 'your_private_api_key_here', fetch });
    const session = await solifyn.checkout.createSession({
      productId: 'prod_7oQUIde2kLxV9a',
      quantity: 1,
      customerEmail: 'customer@example.com',
      customFields: {
        userId: 'user_9983',
      },
    });
    const url: string = session.checkoutUrl || session.checkout_url;

    expect(url).toBe(created.checkout_url);
    expect(session.sessionId).toBe('ch_4fT9kQ2mZx7LpR');
    expect(JSON.stringify(session)).toBe(JSON.stringify(created));
    expect(calls[0]!.url.href).toBe('https://api.solifyn.com/v1/checkout/create');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer your_private_api_key_here');
    expect(calls[0]!.body).toEqual({
      productId: 'prod_7oQUIde2kLxV9a',
      quantity: 1,
      customerEmail: 'customer@example.com',
      customFields: { userId: 'user_9983' },
    });
  });
});
