import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDeliveryAttempts } from '../../src/store/webhook-deliveries';
import { leaseMs } from '../../src/webhooks/schedule';
import { attemptDelivery, claimDeliveries } from '../../src/webhooks/worker';
import type { TestApi } from '../support/api';
import { createEndpoint, deliverOnce, emitCheckoutExpired, type Receiver, startReceiver, webhookApi } from './support';

let api: TestApi;
let receiver: Receiver;

beforeEach(async () => {
  api = await webhookApi();
  receiver = await startReceiver();
});

afterEach(async () => {
  await receiver.close();
});

async function delivery() {
  return (await api.request('GET', '/v1/events')).body.data[0].deliveries[0];
}

describe('webhook delivery (error): failing receivers are retried on the schedule', () => {
  it('receiver down, then up: the retry delivers it, with the same webhook-id', async () => {
    const port = receiver.port;
    await receiver.close();
    await createEndpoint(api, `http://127.0.0.1:${port}/hooks`, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);

    expect(await deliverOnce(api.deps)).toBe(1);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, last_response_status: null });

    receiver = await startReceiver(port);
    expect(await deliverOnce(api.deps)).toBe(0); // not due yet
    api.clock.advance(1000);
    expect(await deliverOnce(api.deps)).toBe(1);

    expect(receiver.hits.map((hit) => hit.headers['webhook-id'])).toEqual([eventId]);
    expect(await delivery()).toMatchObject({ status: 'succeeded', attempts: 2, last_response_status: 204 });
    const [endpoint] = (await api.request('GET', '/v1/webhook_endpoints')).body.data;
    const attempts = await listDeliveryAttempts(api.deps.db, eventId, endpoint.id);
    expect(attempts.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, null],
      [2, 204],
    ]);
    expect(attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('500s: retried exactly on the schedule (0, 1 s, 2 s), then failed after the last attempt', async () => {
    await createEndpoint(api, receiver.url, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);
    receiver.respondWith(500);
    const start = api.clock.now().getTime();
    const at = (ms: number) => new Date(start + ms).toISOString();

    expect(await deliverOnce(api.deps)).toBe(1);
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: at(1000),
      last_response_status: 500,
    });

    api.clock.advance(999);
    expect(await deliverOnce(api.deps)).toBe(0);
    api.clock.advance(1);
    expect(await deliverOnce(api.deps)).toBe(1);
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 2,
      last_attempt_at: at(1000),
      next_attempt_at: at(3000),
    });

    api.clock.advance(1999);
    expect(await deliverOnce(api.deps)).toBe(0);
    api.clock.advance(1);
    expect(await deliverOnce(api.deps)).toBe(1);
    expect(await delivery()).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_attempt_at: at(3000),
      next_attempt_at: null,
      last_response_status: 500,
    });

    api.clock.advance(24 * 3600_000);
    expect(await deliverOnce(api.deps)).toBe(0);
    expect(receiver.hits.map((hit) => hit.headers['webhook-id'])).toEqual([eventId, eventId, eventId]);
    expect(new Set(receiver.hits.map((hit) => hit.headers['webhook-timestamp'])).size).toBe(3);
  });

  it('a failed delivery that is redelivered gets the whole schedule again', async () => {
    await createEndpoint(api, receiver.url, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);
    receiver.respondWith(500);
    for (const wait of [0, 1000, 2000]) {
      api.clock.advance(wait);
      await deliverOnce(api.deps);
    }
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 3 });

    expect((await api.request('POST', `/v1/events/${eventId}/redeliver`)).status).toBe(202);
    await deliverOnce(api.deps);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 4 });
    api.clock.advance(1000);
    await deliverOnce(api.deps);
    api.clock.advance(2000);
    await deliverOnce(api.deps);
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 6 });
    expect(receiver.hits).toHaveLength(6);
  });

  it('a receiver slower than WEBHOOK_TIMEOUT_MS: the attempt times out and is retried', async () => {
    api = await webhookApi({ WEBHOOK_TIMEOUT_MS: '300' });
    await createEndpoint(api, receiver.url, ['checkout.expired']);
    await emitCheckoutExpired(api);
    receiver.respondWith('hang');

    expect(await deliverOnce(api.deps)).toBe(1);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, last_response_status: null });
    const [endpoint] = (await api.request('GET', '/v1/webhook_endpoints')).body.data;
    const eventId = (await api.request('GET', '/v1/events')).body.data[0].id;
    expect((await listDeliveryAttempts(api.deps.db, eventId, endpoint.id))[0]!.error).toBe('timed out after 300 ms');

    receiver.respondWith(200);
    api.clock.advance(1000);
    expect(await deliverOnce(api.deps)).toBe(1);
    expect(await delivery()).toMatchObject({ status: 'succeeded', attempts: 2, last_response_status: 200 });
    expect(receiver.hits).toHaveLength(2);
  });

  it('a worker that dies after claiming: the delivery stays reserved until its lease expires, then is retried', async () => {
    await createEndpoint(api, receiver.url, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);

    const claimed = await claimDeliveries(api.deps, 10); // …and the process dies before sending
    expect(claimed).toHaveLength(1);
    expect(await deliverOnce(api.deps)).toBe(0);
    api.clock.advance(leaseMs(api.deps.config.webhooks.timeoutMs) - 1);
    expect(await deliverOnce(api.deps)).toBe(0);
    api.clock.advance(1);
    expect(await deliverOnce(api.deps)).toBe(1);

    expect(receiver.hits.map((hit) => hit.headers['webhook-id'])).toEqual([eventId]);
    expect(await delivery()).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('a deleted endpoint receives nothing more; its pending delivery is cancelled', async () => {
    const endpoint = await createEndpoint(api, receiver.url, ['checkout.expired']);
    await emitCheckoutExpired(api);
    expect((await api.request('DELETE', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(200);

    expect(await deliverOnce(api.deps)).toBe(0);
    expect(receiver.hits).toHaveLength(0);
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 0 });
  });

  it('an endpoint deleted while an attempt is in flight stays cancelled whatever the attempt returns', async () => {
    const endpoint = await createEndpoint(api, receiver.url, ['checkout.expired']);
    await emitCheckoutExpired(api);
    receiver.respondWith(500);
    const [claim] = await claimDeliveries(api.deps, 10);
    expect((await api.request('DELETE', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(200);
    await attemptDelivery(api.deps, claim!);

    expect(receiver.hits).toHaveLength(1);
    expect(await delivery()).toMatchObject({ status: 'failed', next_attempt_at: null, last_response_status: 500 });
    api.clock.advance(3600_000);
    expect(await deliverOnce(api.deps)).toBe(0);
  });
});
