/** The SDK's refunds against the real server in-process: create (both spellings), retrieve, list and page. */
import { describe, expect, it } from 'vitest';
import { paidOrder, sdkPerTest } from './sdk-client';

const t = sdkPerTest();

describe('refunds', () => {
  it('refunds.create 10.00, then orders.refund the rest: typed results with camelCase aliases', async () => {
    const { sdk, solifyn } = t;
    const orderId = await paidOrder(t); // 39.98 usd
    const first = await solifyn.refunds.create(orderId, { amount: 10, reason: 'requested_by_customer' });
    expect(first).toMatchObject({ object: 'refund', orderId, order_id: orderId, amount: 10, status: 'succeeded' });
    expect(first.createdAt).toBe(first.created_at);
    expect(first.requestId).toMatch(/^req_/);
    // The SDK sends an Idempotency-Key on every POST: a retry would replay, not refund twice.
    expect(sdk.exchanges.at(-1)!.requestHeaders.get('idempotency-key')).toBeTruthy();
    expect(await solifyn.orders.retrieve(orderId)).toMatchObject({ status: 'partially_refunded', amountRefunded: 10 });

    const rest = await solifyn.orders.refund(orderId);
    expect(rest).toMatchObject({ amount: 29.98, reason: null });
    expect(sdk.exchanges.at(-1)).toMatchObject({ method: 'POST', path: `/v1/orders/${orderId}/refunds`, status: 201 });
    expect(sdk.exchanges.at(-1)!.body).toEqual({});
    const order = await solifyn.orders.retrieve(orderId);
    expect([order.status, order.amountRefunded, order.amount_refunded]).toEqual(['refunded', 39.98, 39.98]);

    expect(await solifyn.refunds.retrieve(first.id)).toMatchObject({ id: first.id, amount: 10 });
  });

  it('refunds.list pages through every refund and filters by order', async () => {
    const { api, solifyn } = t;
    const a = await paidOrder(t);
    const b = await paidOrder(t);
    const ids: string[] = [];
    for (const orderId of [a, b, a, b, a]) {
      api.clock.advance(1000);
      ids.push((await solifyn.refunds.create(orderId, { amount: 1 })).id);
    }
    const seen: string[] = [];
    for await (const refund of solifyn.refunds.list({ limit: 2 })) seen.push(refund.id);
    expect(seen).toEqual([...ids].reverse());
    const ofB = await solifyn.refunds.list({ orderId: b });
    expect(ofB.data.map((r) => r.orderId)).toEqual([b, b]);
    expect(ofB.hasMore).toBe(false);
  });
});
