import { beforeEach, describe, expect, it } from 'vitest';
import { completeCheckout } from '../../src/services/complete-checkout';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

const scopeOf = (api: TestApi) => ({ accountId: api.account.account_id, mode: 'test' as const });

describe('completing a paid checkout', () => {
  it('creates the order, completes the session, counts the discount and records both events', async () => {
    const product = await fixedProduct(api);
    const promo = await discount(api, { code: 'PROMO10', type: 'percent', percentOff: 10, maxRedemptions: 5 });
    const created = await api.request('POST', '/v1/checkout/create', {
      body: {
        productId: product.id,
        quantity: 2,
        discountCode: 'PROMO10',
        customFields: { userId: 'user_9983' },
        checkoutData: { plan: 'pro' },
        aff: 'partner_abc',
      },
    });
    const { order } = await completeCheckout(api.deps, scopeOf(api), created.body.id, {
      customerEmail: 'buyer@example.com',
    });

    const session = await api.request('GET', `/v1/checkout/${created.body.session_id}`);
    expect(session.body).toMatchObject({
      status: 'completed',
      order_id: order.id,
      customer_email: 'buyer@example.com',
    });
    const stored = await api.request('GET', `/v1/orders/${order.id}`);
    expect(stored.body).toMatchObject({
      checkout_id: created.body.id,
      session_id: created.body.session_id,
      product_id: product.id,
      currency: 'usd',
      quantity: 2,
      unit_amount: 19.99,
      subtotal: 39.98,
      discount_code: 'PROMO10',
      discount_amount: 4,
      total: 35.98,
      customer_email: 'buyer@example.com',
      custom_fields: { userId: 'user_9983' },
      checkout_data: { plan: 'pro' },
      aff: 'partner_abc',
    });
    expect((await api.request('GET', `/v1/discounts/${promo.id}`)).body.times_redeemed).toBe(1);
    const events = await api.request('GET', '/v1/events');
    expect(events.body.data.map((e: { type: string }) => e.type).sort()).toEqual([
      'checkout.completed',
      'order.created',
    ]);
    const completedEvent = events.body.data.find((e: { type: string }) => e.type === 'checkout.completed');
    expect(completedEvent.data.object).toMatchObject({
      status: 'completed',
      custom_fields: { userId: 'user_9983' },
      aff: 'partner_abc',
    });
  });
});

describe('completion under concurrency', () => {
  it('a double submit makes one order', async () => {
    const product = await fixedProduct(api);
    const created = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        completeCheckout(api.deps, scopeOf(api), created.body.id, { customerEmail: 'a@example.com' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.reason).toBe('checkout_not_open');
    expect((await api.request('GET', '/v1/orders')).body.data).toHaveLength(1);
  });

  it('a discount with 3 redemptions left is redeemed at most 3 times', async () => {
    const product = await fixedProduct(api);
    const limited = await discount(api, { code: 'THREE', type: 'percent', percentOff: 50, maxRedemptions: 3 });
    const sessions: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await api.request('POST', '/v1/checkout/create', {
        body: { productId: product.id, discountCode: 'THREE' },
      });
      sessions.push(res.body.id);
    }
    const results = await Promise.allSettled(
      sessions.map((id) => completeCheckout(api.deps, scopeOf(api), id, { customerEmail: 'a@example.com' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.reason).toBe('discount_exhausted');
    expect((await api.request('GET', `/v1/discounts/${limited.id}`)).body.times_redeemed).toBe(3);
    expect((await api.request('GET', '/v1/orders')).body.data).toHaveLength(3);
  });

  it('50 parallel requests with one Idempotency-Key create one session', async () => {
    const product = await fixedProduct(api);
    const headers = { 'idempotency-key': 'one-key-for-fifty' };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.request('POST', '/v1/checkout/create', { body: { productId: product.id }, headers }),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of responses) expect([201, 409]).toContain(r.status);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body.code).toBe('idempotency_key_in_use');
    const rows = await api.deps.db.query<{ count: number }>('select count(*)::int as count from checkout_sessions');
    expect(rows[0]?.count).toBe(1);
  });
});
