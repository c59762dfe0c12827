import { beforeEach, describe, expect, it } from 'vitest';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, payCheckout } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
});

async function paidOrder(): Promise<string> {
  const product = await fixedProduct(api);
  const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
  return payCheckout(api, session.body.id);
}

describe('refunds: isolation by account and mode', () => {
  it('another account or mode cannot refund the order, read, list, filter to or page after its refunds', async () => {
    const orderId = await paidOrder();
    const { body: refund } = await api.request('POST', `/v1/orders/${orderId}/refunds`, { body: { amount: 1 } });
    for (const [who, key] of await outsiders(api)) {
      const create = await api.request('POST', `/v1/orders/${orderId}/refunds`, { key, body: {} });
      expect([who, create.status, create.body.code]).toEqual([who, 404, 'order_not_found']);
      const read = await api.request('GET', `/v1/refunds/${refund.id}`, { key });
      expect([who, read.status, read.body.code]).toEqual([who, 404, 'refund_not_found']);
      const list = await api.request('GET', '/v1/refunds', { key });
      expect([who, list.status, list.body.data]).toEqual([who, 200, []]);
      const filtered = await api.request('GET', `/v1/refunds?orderId=${orderId}`, { key });
      expect([who, filtered.body.data]).toEqual([who, []]);
      const cursor = await api.request('GET', `/v1/refunds?startingAfter=${refund.id}`, { key });
      expect([who, cursor.status, cursor.body.code]).toEqual([who, 400, 'invalid_cursor']);
    }
    // Nothing the outsiders tried changed the order, and none of their events exist.
    const { body: order } = await api.request('GET', `/v1/orders/${orderId}`);
    expect(order).toMatchObject({ amount_refunded: 1, status: 'partially_refunded' });
    expect((await api.request('GET', `/v1/refunds?orderId=${orderId}`)).body.data).toHaveLength(1);
  });

  it('the same Idempotency-Key in another account is another request (keys are scoped to account and mode)', async () => {
    const orderId = await paidOrder();
    const stranger = await api.newAccount('test');
    const headers = { 'idempotency-key': 'shared-key' };
    const theirs = await api.request('POST', `/v1/orders/${orderId}/refunds`, { key: stranger.key, body: {}, headers });
    expect([theirs.status, theirs.body.code]).toEqual([404, 'order_not_found']);
    const mine = await api.request('POST', `/v1/orders/${orderId}/refunds`, { body: {}, headers });
    expect([mine.status, mine.headers.get('idempotent-replayed')]).toEqual([201, null]);
  });

  it("refund events go only to the endpoints of the order's account and mode", async () => {
    const stranger = await api.newAccount('test');
    await api.request('POST', '/v1/webhook_endpoints', {
      key: stranger.key,
      body: { url: 'http://127.0.0.1:9/theirs', events: ['refund.created', 'order.refunded'] },
    });
    const mine = await api.request('POST', '/v1/webhook_endpoints', {
      body: { url: 'http://127.0.0.1:9/mine', events: ['refund.created', 'order.refunded'] },
    });
    const orderId = await paidOrder();
    await api.request('POST', `/v1/orders/${orderId}/refunds`, { body: {} });
    const events = await api.request('GET', '/v1/events');
    const refundEvents = events.body.data.filter(
      (e: { type: string }) => e.type !== 'checkout.completed' && e.type !== 'order.created',
    );
    expect(refundEvents).toHaveLength(2);
    for (const event of refundEvents) {
      expect(event.deliveries.map((d: { endpoint_id: string }) => d.endpoint_id)).toEqual([mine.body.id]);
    }
    const theirs = await api.request('GET', '/v1/events', { key: stranger.key });
    expect(theirs.body.data).toEqual([]);
  });

  it("a refund note is the merchant's: hostile text is stored as sent and never reaches the access log", async () => {
    const orderId = await paidOrder();
    const note = '<script>alert(1)</script> \u202e \ufeff'.padEnd(500, 'x');
    const res = await api.request('POST', `/v1/orders/${orderId}/refunds`, { body: { amount: 1, note } });
    expect(res.status).toBe(201);
    expect((await api.request('GET', `/v1/refunds/${res.body.id}`)).body.note).toBe(note);
    expect(JSON.stringify(api.logs.lines)).not.toContain('<script>');
  });
});
