import { randomBytes } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from 'solifyn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomId } from '../../src/domain/ids';
import { listDeliveryAttempts } from '../../src/store/webhook-deliveries';
import { insertWebhookEndpoint } from '../../src/store/webhook-endpoints';
import type { Resolver } from '../../src/webhooks/send';
import type { TestApi } from '../support/api';
import type { TestAccount } from '../support/db';
import {
  createEndpoint,
  deliverOnce,
  emitCheckoutExpired,
  type Receiver,
  startConnectionCounter,
  startReceiver,
  webhookApi,
} from './support';

let api: TestApi;
let receiver: Receiver;
let counter: Awaited<ReturnType<typeof startConnectionCounter>>;
let live: TestAccount;

beforeEach(async () => {
  api = await webhookApi();
  receiver = await startReceiver();
  counter = await startConnectionCounter();
  live = await api.newAccount('live');
});

afterEach(async () => {
  await receiver.close();
  await counter.close();
});

/**
 * A live endpoint as it would be after passing the create-time check (public then): written straight to the store,
 * since the API refuses these URLs at creation.
 */
async function liveEndpoint(url: string): Promise<string> {
  const endpoint = await insertWebhookEndpoint(
    api.deps.db,
    { accountId: live.account_id, mode: 'live' },
    {
      id: randomId('we'),
      url,
      events: ['checkout.expired'],
      description: null,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    },
    api.clock.now(),
  );
  return endpoint.id;
}

async function lastError(eventId: string, endpointId: string): Promise<string | null> {
  const attempts = await listDeliveryAttempts(api.deps.db, eventId, endpointId);
  return attempts.at(-1)?.error ?? null;
}

describe('webhook delivery (security): live endpoints never reach private addresses', () => {
  const rebinding: Resolver = async (hostname) => (hostname === 'hooks.example.com' ? ['127.0.0.1'] : []);

  it.each([
    [
      'a public name now resolving to 127.0.0.1 (DNS rebinding)',
      (port: number) => `https://hooks.example.com:${port}/x`,
      rebinding,
      /hooks\.example\.com resolves to 127\.0\.0\.1/,
    ],
    [
      'a name resolving to a public and a private address',
      (port: number) => `https://hooks.example.com:${port}/x`,
      (async () => ['93.184.216.34', '10.0.0.7']) as Resolver,
      /resolves to 10\.0\.0\.7/,
    ],
    [
      'localhost through the system resolver',
      (port: number) => `https://localhost:${port}/x`,
      undefined,
      /localhost resolves to (127\.0\.0\.1|::1)/,
    ],
    [
      'a loopback IP literal',
      (port: number) => `https://127.0.0.1:${port}/x`,
      undefined,
      /127\.0\.0\.1, a private or loopback address/,
    ],
    [
      'an IPv6 loopback literal',
      (port: number) => `https://[::1]:${port}/x`,
      undefined,
      /::1, a private or loopback address/,
    ],
  ])('%s: no connection is made, the attempt is recorded as refused', async (_name, url, resolve, reason) => {
    const endpointId = await liveEndpoint(url(counter.port));
    const eventId = await emitCheckoutExpired(api, live.key);

    expect(await deliverOnce(api.deps, { resolve })).toBe(1);

    expect(counter.connections()).toBe(0);
    expect(await lastError(eventId, endpointId)).toMatch(/^refused: /);
    expect(await lastError(eventId, endpointId)).toMatch(reason);
    const [event] = (await api.request('GET', '/v1/events', { key: live.key })).body.data;
    expect(event.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, last_response_status: null });
  });

  it('a live endpoint on plain http is refused before any connection', async () => {
    const endpointId = await liveEndpoint(`http://hooks.example.com:${counter.port}/x`);
    const eventId = await emitCheckoutExpired(api, live.key);
    await deliverOnce(api.deps, { resolve: async () => ['93.184.216.34'] });
    expect(counter.connections()).toBe(0);
    expect(await lastError(eventId, endpointId)).toMatch(/live-mode endpoints must use https/);
  });

  it('test mode may deliver to localhost (developers receiving on their machine)', async () => {
    await createEndpoint(api, `http://localhost:${receiver.port}/hooks`, ['checkout.expired']);
    await emitCheckoutExpired(api);
    await deliverOnce(api.deps);
    expect(receiver.hits).toHaveLength(1);
  });

  it('control: the connection counter does see an attempt that is allowed (test mode, https to 127.0.0.1)', async () => {
    await createEndpoint(api, `https://127.0.0.1:${counter.port}/x`, ['checkout.expired']);
    await emitCheckoutExpired(api);
    await deliverOnce(api.deps);
    expect(counter.connections()).toBe(1);
  });
});

describe('webhook delivery (security): redirects and signatures', () => {
  it('does not follow redirects: a 3xx is a failed attempt and the target receives nothing', async () => {
    const target = await startReceiver();
    try {
      const endpoint = await createEndpoint(api, receiver.url, ['checkout.expired']);
      const eventId = await emitCheckoutExpired(api);
      receiver.respondWith(307, { headers: { location: target.url } });
      await deliverOnce(api.deps);
      expect(target.hits).toHaveLength(0);
      expect(await lastError(eventId, endpoint.id)).toBe('HTTP 307 (redirects are not followed)');
      expect((await api.request('GET', '/v1/events')).body.data[0].deliveries[0]).toMatchObject({
        status: 'pending',
        last_response_status: 307,
      });
    } finally {
      await target.close();
    }
  });

  it("each endpoint gets its own signature: another endpoint's secret does not verify it, nor does a tampered body", async () => {
    const first = await createEndpoint(api, `${receiver.url}/a`, ['checkout.expired']);
    const second = await createEndpoint(api, `${receiver.url}/b`, ['checkout.expired']);
    await emitCheckoutExpired(api);
    await deliverOnce(api.deps);
    const hitA = receiver.hits.find((hit) => hit.path === '/hooks/a')!;

    await expect(verifyWebhook(hitA.body, hitA.headers, first.secret)).resolves.toBeTruthy();
    await expect(verifyWebhook(hitA.body, hitA.headers, second.secret)).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
    await expect(
      verifyWebhook(hitA.body.replace('"test"', '"live"'), hitA.headers, first.secret),
    ).rejects.toMatchObject({
      reason: 'no_matching_signature',
    });
  });
});
