import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct, payCheckout } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

/** A paid order of `quantity` × 19.99 usd (the fixture product), optionally with a discount code. */
async function paidOrder(options: { quantity?: number; discountCode?: string } = {}): Promise<string> {
  const product = await fixedProduct(api);
  const session = await api.request('POST', '/v1/checkout/create', {
    body: { productId: product.id, quantity: options.quantity ?? 2, discountCode: options.discountCode },
  });
  if (session.status !== 201) throw new Error(`checkout: ${session.status} ${JSON.stringify(session.body)}`);
  return payCheckout(api, session.body.id);
}

const refund = (orderId: string, body: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  api.request('POST', `/v1/orders/${orderId}/refunds`, { body, headers });

describe('POST /v1/orders/{orderId}/refunds', () => {
  it('refunds part, then the rest: the order goes paid → partially_refunded → refunded', async () => {
    const orderId = await paidOrder(); // 39.98 usd
    api.clock.advance(60_000);

    const first = await refund(orderId, { amount: 10, reason: 'requested_by_customer', note: 'Wrong pack' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^re_[A-Za-z0-9]{14}$/),
      object: 'refund',
      mode: 'test',
      order_id: orderId,
      amount: 10,
      currency: 'usd',
      reason: 'requested_by_customer',
      note: 'Wrong pack',
      status: 'succeeded',
      created_at: '2026-11-24T12:01:00.000Z',
    });
    const partly = await api.request('GET', `/v1/orders/${orderId}`);
    expect(partly.body).toMatchObject({ total: 39.98, amount_refunded: 10, status: 'partially_refunded' });

    api.clock.advance(60_000);
    const rest = await refund(orderId);
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ amount: 29.98, reason: null, note: null, status: 'succeeded' });
    const whole = await api.request('GET', `/v1/orders/${orderId}`);
    expect(whole.body).toMatchObject({ total: 39.98, amount_refunded: 39.98, status: 'refunded' });
    const listed = await api.request('GET', '/v1/orders');
    expect(listed.body.data[0]).toMatchObject({ id: orderId, status: 'refunded', amount_refunded: 39.98 });
  });

  it('refunds whole yen and sums minor units exactly (0.1 + 0.2 is 0.30)', async () => {
    const yen = await api.request('POST', '/v1/products', {
      body: { name: 'Yen', prices: [{ currency: 'jpy', amount: 1500 }] },
    });
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: yen.body.id } });
    const yenOrder = await payCheckout(api, session.body.id);
    expect((await refund(yenOrder, { amount: 500 })).body).toMatchObject({ amount: 500, currency: 'jpy' });
    expect((await api.request('GET', `/v1/orders/${yenOrder}`)).body.amount_refunded).toBe(500);

    const cents = await paidOrder({ quantity: 1 });
    await refund(cents, { amount: 0.1 });
    await refund(cents, { amount: 0.2 });
    expect((await api.request('GET', `/v1/orders/${cents}`)).body.amount_refunded).toBe(0.3);
    expect((await refund(cents)).body.amount).toBe(19.69);
  });

  it('leaves the discount redemption counted', async () => {
    const promo = await discount(api, { code: 'ONCE', type: 'percent', percentOff: 50, maxRedemptions: 1 });
    const orderId = await paidOrder({ discountCode: 'ONCE' });
    expect((await refund(orderId)).status).toBe(201);
    const after = await api.request('GET', `/v1/discounts/${promo.id}`);
    expect(after.body.times_redeemed).toBe(1);
    const product = await fixedProduct(api);
    const again = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, discountCode: 'ONCE' },
    });
    expect([again.status, again.body.code]).toEqual([422, 'discount_exhausted']);
  });

  it('writes refund.created for each refund and one order.refunded, with the objects as they were', async () => {
    const orderId = await paidOrder();
    api.clock.advance(1000);
    const first = await refund(orderId, { amount: 10 });
    api.clock.advance(1000);
    const second = await refund(orderId);
    const events = await api.request('GET', '/v1/events');
    // Newest first; events written in one transaction share their time, so their order among them is the ids'.
    const byType = (type: string) => events.body.data.filter((e: { type: string }) => e.type === type);
    expect(
      events.body.data
        .slice(0, 2)
        .map((e: { type: string }) => e.type)
        .sort(),
    ).toEqual(['order.refunded', 'refund.created']);
    expect(events.body.data[2].type).toBe('refund.created');
    expect(byType('order.refunded')).toHaveLength(1);
    const [orderRefunded] = byType('order.refunded');
    const [secondCreated, firstCreated] = byType('refund.created');
    expect(firstCreated.data.object).toEqual(first.body);
    expect(secondCreated.data.object).toEqual(second.body);
    expect(orderRefunded.data.object).toEqual((await api.request('GET', `/v1/orders/${orderId}`)).body);
    const filtered = await api.request('GET', '/v1/events?type=refund.created');
    expect(filtered.body.data).toHaveLength(2);
  });

  it('replays the refund for the same Idempotency-Key, refunding once', async () => {
    const orderId = await paidOrder();
    const headers = { 'idempotency-key': 'refund-1' };
    const first = await refund(orderId, { amount: 5 }, headers);
    const again = await refund(orderId, { amount: 5 }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.request('GET', `/v1/orders/${orderId}`)).body.amount_refunded).toBe(5);
    expect((await api.request('GET', `/v1/refunds?orderId=${orderId}`)).body.data).toHaveLength(1);
  });
});

describe('GET /v1/refunds and /v1/refunds/{refundId}', () => {
  it('retrieves a refund and lists refunds newest first, paged and filtered by order', async () => {
    const a = await paidOrder();
    const b = await paidOrder();
    const ids: string[] = [];
    for (const orderId of [a, b, a]) {
      api.clock.advance(1000);
      ids.push((await refund(orderId, { amount: 1 })).body.id);
    }
    const one = await api.request('GET', `/v1/refunds/${ids[1]}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: ids[1], order_id: b, amount: 1 });

    const all = await api.request('GET', '/v1/refunds');
    expect(all.body.data.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    const page1 = await api.request('GET', '/v1/refunds?limit=2');
    expect(page1.body).toMatchObject({ has_more: true, next_cursor: ids[1] });
    const page2 = await api.request('GET', `/v1/refunds?limit=2&startingAfter=${page1.body.next_cursor}`);
    expect(page2.body).toMatchObject({ data: [{ id: ids[0] }], has_more: false, next_cursor: null });
    const ofA = await api.request('GET', `/v1/refunds?orderId=${a}`);
    expect(ofA.body.data.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[0]]);
    const ofNone = await api.request('GET', '/v1/refunds?orderId=ord_NoSuchOrder0000');
    expect(ofNone.body).toEqual({ data: [], has_more: false, next_cursor: null });
  });
});
