import { verifyWebhook } from 'solifyn';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookEvent } from '../../src/generated/schemas';
import { fixedProduct, payCheckout } from '../support/fixtures';
import { createEndpoint, deliverOnce, webhookPerTest } from '../webhooks/support';

const t = webhookPerTest();

describe('refund webhooks', () => {
  it('delivers refund.created for each refund and one order.refunded, signed, to a real receiver', async () => {
    const { api, receiver } = t;
    const endpoint = await createEndpoint(api, receiver.url, ['refund.created', 'order.refunded']);
    const product = await fixedProduct(api);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id, quantity: 2 } });
    const orderId = await payCheckout(api, session.body.id);
    const partial = await api.request('POST', `/v1/orders/${orderId}/refunds`, { body: { amount: 10 } });
    const rest = await api.request('POST', `/v1/orders/${orderId}/refunds`, { body: { reason: 'duplicate' } });

    // Counted at the receiver: the worker's own count would include whatever else the shared database holds.
    await deliverOnce(api.deps);
    expect(receiver.hits).toHaveLength(3);
    const delivered = await Promise.all(
      receiver.hits.map(async (hit) => {
        // The reference implementation and the SDK both verify it; the body is the spec's WebhookEvent.
        new Webhook(endpoint.secret).verify(hit.body, hit.headers as Record<string, string>);
        const event = await verifyWebhook(hit.body, hit.headers, endpoint.secret);
        expect(WebhookEvent.safeParse(JSON.parse(hit.body)).success).toBe(true);
        return event;
      }),
    );
    const refunds = delivered.filter((e) => e.type === 'refund.created');
    const refunded = delivered.filter((e) => e.type === 'order.refunded');
    const byAmount = refunds.map((e) => e.data.object).sort((a, b) => Number(a.amount) - Number(b.amount));
    expect(byAmount).toEqual([
      expect.objectContaining({ id: partial.body.id, object: 'refund', amount: 10, order_id: orderId, reason: null }),
      expect.objectContaining({ id: rest.body.id, object: 'refund', amount: 29.98, reason: 'duplicate' }),
    ]);
    expect(refunded).toHaveLength(1);
    expect(refunded[0]!.data.object).toMatchObject({
      id: orderId,
      object: 'order',
      status: 'refunded',
      amount_refunded: 39.98,
    });
    // Nothing more to send: each event went once.
    await deliverOnce(api.deps);
    expect(new Set(receiver.hits.map((hit) => hit.headers['webhook-id'])).size).toBe(3);
    expect(receiver.hits).toHaveLength(3);
  });
});
