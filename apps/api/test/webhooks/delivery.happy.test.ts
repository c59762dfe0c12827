import { verifyWebhook } from 'solifyn';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { WebhookEvent } from '../../src/generated/schemas';
import { listDeliveryAttempts } from '../../src/store/webhook-deliveries';
import { startWebhookWorker } from '../../src/webhooks/worker';
import { TestClock } from '../support/api';
import { createTestAccount } from '../support/db';
import { restartableStore, serverOn } from './restart-support';
import {
  createEndpoint,
  deliverOnce,
  emitCheckoutCompleted,
  emitCheckoutExpired,
  noJitter,
  type ReceivedWebhook,
  webhookPerTest,
} from './support';

const t = webhookPerTest();

describe('webhook delivery (happy)', () => {
  it('POSTs the event without its deliveries, signed per Standard Webhooks, and marks the delivery succeeded', async () => {
    const { api, receiver } = t;
    const endpoint = await createEndpoint(api, receiver.url, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);

    expect(await deliverOnce(api.deps)).toBe(1);

    expect(receiver.hits).toHaveLength(1);
    const [hit] = receiver.hits;
    expect(hit!.path).toBe('/hooks');
    expect(hit!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Solifyn-Webhooks/1.0',
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(api.clock.now().getTime() / 1000)),
    });
    expect(hit!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    // The reference implementation and our SDK both accept it.
    const viaPackage = new Webhook(endpoint.secret).verify(hit!.body, hit!.headers as Record<string, string>);
    const viaSdk = await verifyWebhook(hit!.body, hit!.headers, endpoint.secret);
    const { body: listed } = await api.request('GET', '/v1/events');
    const { deliveries, ...withoutDeliveries } = listed.data[0];
    expect(viaPackage).toEqual(withoutDeliveries);
    expect(viaSdk).toMatchObject(withoutDeliveries);
    expect(Object.keys(JSON.parse(hit!.body)).sort()).toEqual(['created_at', 'data', 'id', 'mode', 'object', 'type']);
    expect(WebhookEvent.safeParse(JSON.parse(hit!.body)).success).toBe(true);

    expect(deliveries).toEqual([
      {
        endpoint_id: endpoint.id,
        status: 'succeeded',
        attempts: 1,
        last_attempt_at: api.clock.now().toISOString(),
        next_attempt_at: null,
        last_response_status: 204,
        last_error: null,
      },
    ]);
    expect(await listDeliveryAttempts(api.deps.db, eventId, endpoint.id)).toEqual([
      expect.objectContaining({ attempt: 1, responseStatus: 204, error: null }),
    ]);
  });

  it('delivers checkout.completed and order.created of a paid checkout, each signed for its endpoint', async () => {
    const { api, receiver } = t;
    const both = await createEndpoint(api, receiver.url, ['checkout.completed', 'order.created']);
    const ids = await emitCheckoutCompleted(api);

    expect(await deliverOnce(api.deps)).toBe(2);

    const byType: Record<string, ReceivedWebhook> = Object.fromEntries(
      receiver.hits.map((hit) => [JSON.parse(hit.body).type, hit]),
    );
    expect(Object.keys(byType).sort()).toEqual(['checkout.completed', 'order.created']);
    for (const [type, hit] of Object.entries(byType)) {
      const event = await verifyWebhook(hit.body, hit.headers, both.secret);
      expect(event).toMatchObject({ id: ids[type], type, object: 'event', mode: 'test' });
      expect(hit.headers['webhook-id']).toBe(ids[type]);
    }
    expect(JSON.parse(byType['order.created']!.body).data.object).toMatchObject({
      object: 'order',
      customer_email: 'buyer@example.com',
    });
    expect(JSON.parse(byType['checkout.completed']!.body).data.object).toMatchObject({
      object: 'checkout_session',
      status: 'completed',
    });
  });
});

describe('webhook delivery (happy): subscriptions, visibility, redelivery', () => {
  it('sends each endpoint only the event types it subscribed to', async () => {
    const { api, receiver } = t;
    const expiredOnly = await createEndpoint(api, `${receiver.url}/expired`, ['checkout.expired']);
    const ordersOnly = await createEndpoint(api, `${receiver.url}/orders`, ['order.created']);
    const everything = await createEndpoint(api, `${receiver.url}/all`, [
      'checkout.completed',
      'checkout.expired',
      'order.created',
    ]);
    await emitCheckoutExpired(api);
    await emitCheckoutCompleted(api);

    expect(await deliverOnce(api.deps)).toBe(5);

    const seen = receiver.hits.map((hit) => `${hit.path} ${JSON.parse(hit.body).type}`).sort();
    expect(seen).toEqual([
      '/hooks/all checkout.completed',
      '/hooks/all checkout.expired',
      '/hooks/all order.created',
      '/hooks/expired checkout.expired',
      '/hooks/orders order.created',
    ]);
    expect(new Set([expiredOnly.id, ordersOnly.id, everything.id]).size).toBe(3);
  });

  it('GET /v1/events shows attempts, status and last_response_status per endpoint as they change', async () => {
    const { api, receiver } = t;
    const endpoint = await createEndpoint(api, receiver.url, ['checkout.expired']);
    await emitCheckoutExpired(api);
    const created = api.clock.now();
    const delivery = async () => (await api.request('GET', '/v1/events')).body.data[0].deliveries[0];
    expect(await delivery()).toEqual({
      endpoint_id: endpoint.id,
      status: 'pending',
      attempts: 0,
      last_attempt_at: null,
      next_attempt_at: created.toISOString(),
      last_response_status: null,
      last_error: null,
    });

    receiver.respondWith(503);
    await deliverOnce(api.deps);
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_attempt_at: created.toISOString(),
      next_attempt_at: new Date(created.getTime() + 1000).toISOString(),
      last_response_status: 503,
      last_error: 'HTTP 503',
    });

    receiver.respondWith(200);
    api.clock.advance(1000);
    await deliverOnce(api.deps);
    expect(await delivery()).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      next_attempt_at: null,
      last_response_status: 200,
      last_error: null,
    });
  });

  it('POST /v1/events/{id}/redeliver sends a delivered event again, with the same webhook-id', async () => {
    const { api, receiver } = t;
    const endpoint = await createEndpoint(api, receiver.url, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);
    await deliverOnce(api.deps);

    api.clock.advance(60_000);
    const redelivered = await api.request('POST', `/v1/events/${eventId}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(await deliverOnce(api.deps)).toBe(1);

    expect(receiver.hits.map((hit) => hit.headers['webhook-id'])).toEqual([eventId, eventId]);
    expect(receiver.hits[1]!.headers['webhook-timestamp']).toBe(String(Math.floor(api.clock.now().getTime() / 1000)));
    await verifyWebhook(receiver.hits[1]!.body, receiver.hits[1]!.headers, endpoint.secret);
    expect((await api.request('GET', '/v1/events')).body.data[0].deliveries[0]).toMatchObject({
      status: 'succeeded',
      attempts: 2,
    });
  });

  it('the running worker delivers within its poll interval, and stop() waits for the attempt in flight', async () => {
    const { api, receiver } = t;
    await createEndpoint(api, receiver.url, ['checkout.expired']);
    receiver.respondWith(200, { delayMs: 300 });
    const worker = startWebhookWorker(api.deps, noJitter);
    try {
      await emitCheckoutExpired(api);
      await vi.waitFor(() => expect(receiver.hits).toHaveLength(1), { timeout: 5000, interval: 10 });
    } finally {
      await worker.stop();
    }
    // The response came 300 ms after the request arrived; stop() returned only once it was recorded.
    expect((await api.request('GET', '/v1/events')).body.data[0].deliveries[0]).toMatchObject({
      status: 'succeeded',
      last_response_status: 200,
    });
  });
});

describe('webhook delivery (happy): nothing is lost across a restart', () => {
  it('a delivery that failed before a restart is delivered by the next server on the same database, same webhook-id', async () => {
    const { receiver } = t;
    const store = await restartableStore();
    try {
      const clock = new TestClock(new Date());
      let db = await store.open();
      const { key } = await createTestAccount('test', db);
      let server = serverOn(db, clock, key);
      const endpoint = await createEndpoint(server, receiver.url, ['checkout.expired']);
      const eventId = await emitCheckoutExpired(server);
      receiver.respondWith(500);
      const before = startWebhookWorker(server.deps, noJitter);
      try {
        await vi.waitFor(() => expect(receiver.hits).toHaveLength(1), { timeout: 5000, interval: 10 });
      } finally {
        await before.stop();
        await db.close();
      }

      receiver.respondWith(204);
      clock.advance(1000);
      db = await store.open();
      server = serverOn(db, clock, key);
      expect(await deliverOnce(server.deps)).toBe(1);
      const events = await server.request('GET', '/v1/events');
      await db.close();

      expect(receiver.hits.map((hit) => hit.headers['webhook-id'])).toEqual([eventId, eventId]);
      await verifyWebhook(receiver.hits[1]!.body, receiver.hits[1]!.headers, endpoint.secret);
      expect(events.body.data[0].deliveries[0]).toMatchObject({
        status: 'succeeded',
        attempts: 2,
        last_response_status: 204,
      });
    } finally {
      store.cleanup();
    }
  });
});
