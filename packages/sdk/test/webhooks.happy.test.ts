import { describe, expect, it } from 'vitest';
import { Solifyn, verifyWebhook } from '../src/index';
import { eventPayload, newSecret, signedHeaders } from './helpers/webhook-fixtures';

describe('webhooks.verify — happy paths', () => {
  it('accepts a payload signed by the standardwebhooks package and returns the typed, aliased event', async () => {
    const secret = newSecret();
    const event = await verifyWebhook(eventPayload, signedHeaders(secret, eventPayload), secret);
    expect(event.id).toBe('evt_4fT9kQ2mZx7LpR');
    expect(event.data.object.object).toBe('checkout_session');
    expect(JSON.stringify(event)).toBe(eventPayload);
    expect((event as unknown as { createdAt: string }).createdAt).toBe('2026-11-24T12:00:00Z');
    const session = event.data.object as unknown as Record<string, Record<string, unknown>>;
    expect(session.checkoutUrl).toBe(session.checkout_url);
    expect(Object.getOwnPropertyNames(session.custom_fields)).toEqual(['user_id']);
  });

  it('is reachable as solifyn.webhooks.verify', async () => {
    const secret = newSecret();
    const solifyn = new Solifyn({ apiKey: 'sk_test_x' });
    const event = await solifyn.webhooks.verify(eventPayload, signedHeaders(secret, eventPayload), secret);
    expect(event.id).toBe('evt_4fT9kQ2mZx7LpR');
  });

  it('is also solifyn.webhooks.unwrap, whose event narrows by type without casts', async () => {
    const secret = newSecret();
    const order = JSON.stringify({
      id: 'evt_Gh7Jd2Ls9Pq4Wn',
      object: 'event',
      type: 'order.created',
      mode: 'test',
      created_at: '2026-11-24T14:35:12Z',
      data: { object: { id: 'ord_Vb6Hn2Jm8Kq4Lz', object: 'order', total: 13.5, checkout_id: 'c1' } },
    });
    const solifyn = new Solifyn({ apiKey: 'sk_test_x' });
    const event = await solifyn.webhooks.unwrap(order, signedHeaders(secret, order), secret);
    let seen: unknown;
    switch (event.type) {
      case 'order.created':
        seen = [event.data.object.id, event.data.object.total, event.data.object.checkoutId];
        break;
      case 'refund.created':
        seen = event.data.object.orderId;
        break;
      case 'order.refunded':
        seen = event.data.object.amountRefunded;
        break;
      default:
        seen = event.data.object.sessionId;
    }
    expect(seen).toEqual(['ord_Vb6Hn2Jm8Kq4Lz', 13.5, 'c1']);
  });

  it('narrows refund.created to the refund, camelCase aliases included', async () => {
    const secret = newSecret();
    const body = JSON.stringify({
      id: 'evt_Wq3Rt8Zn5Lk2Pv',
      object: 'event',
      type: 'refund.created',
      mode: 'test',
      created_at: '2026-11-25T09:12:40Z',
      data: { object: { id: 're_Tq4Wz8Np2Lk6Xm', object: 'refund', order_id: 'ord_Vb6Hn2Jm8Kq4Lz', amount: 10 } },
    });
    const event = await verifyWebhook(body, signedHeaders(secret, body), secret);
    if (event.type !== 'refund.created') throw new Error(`unexpected ${event.type}`);
    expect([event.data.object.orderId, event.data.object.order_id, event.data.object.amount]).toEqual([
      'ord_Vb6Hn2Jm8Kq4Lz',
      'ord_Vb6Hn2Jm8Kq4Lz',
      10,
    ]);
  });

  it('accepts a Headers object, any header case, and a Uint8Array or ArrayBuffer body', async () => {
    const secret = newSecret();
    const signed = signedHeaders(secret, eventPayload);
    const upper = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));
    const bytes = new TextEncoder().encode(eventPayload);
    await expect(verifyWebhook(eventPayload, new Headers(signed), secret)).resolves.toBeTruthy();
    await expect(verifyWebhook(eventPayload, upper, secret)).resolves.toBeTruthy();
    await expect(verifyWebhook(bytes, signed, secret)).resolves.toBeTruthy();
    await expect(verifyWebhook(bytes.buffer, signed, secret)).resolves.toBeTruthy();
  });

  it('accepts any of several signatures (secret rotation) and ignores unknown versions', async () => {
    const oldSecret = newSecret();
    const newer = newSecret();
    const a = signedHeaders(oldSecret, eventPayload);
    const b = signedHeaders(newer, eventPayload, {
      id: a['webhook-id']!,
      at: new Date(Number(a['webhook-timestamp']) * 1000),
    });
    const headers = { ...a, 'webhook-signature': `v1a,Zm9v ${a['webhook-signature']} ${b['webhook-signature']}` };
    await expect(verifyWebhook(eventPayload, headers, oldSecret)).resolves.toBeTruthy();
    await expect(verifyWebhook(eventPayload, headers, newer)).resolves.toBeTruthy();
  });

  it('accepts timestamps up to 5 minutes off either way', async () => {
    const secret = newSecret();
    const now = Date.parse('2026-11-24T12:00:00Z');
    for (const skew of [-299, 299]) {
      const headers = signedHeaders(secret, eventPayload, { at: new Date(now + skew * 1000) });
      await expect(verifyWebhook(eventPayload, headers, secret, { now })).resolves.toBeTruthy();
    }
  });
});
