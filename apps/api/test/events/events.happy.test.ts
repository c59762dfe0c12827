import { beforeEach, describe, expect, it } from 'vitest';
import { randomId } from '../../src/domain/ids';
import { expireCheckoutSessions } from '../../src/jobs/sweeper';
import { insertEvent } from '../../src/store/events';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});

async function endpoint(events: string[]): Promise<{ id: string }> {
  const res = await api.request('POST', '/v1/webhook_endpoints', { body: { url: 'https://example.com/h', events } });
  if (res.status !== 201) throw new Error(`fixture endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Opens a checkout session and expires it through the API: one `checkout.expired` event. */
async function expiredCheckout(): Promise<string> {
  const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
  const expired = await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
  if (expired.status !== 200) throw new Error(`expire: ${expired.status}`);
  return session.body.id;
}

/** Writes a `checkout.completed` event straight to the outbox (no order): these tests list events, they pay nothing. */
async function completedEvent(): Promise<string> {
  const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
  const object = (await api.request('GET', `/v1/checkout/${session.body.id}`)).body;
  const id = randomId('evt');
  const scope = { accountId: api.account.account_id, mode: 'test' as const };
  await api.deps.db.transaction((tx) =>
    insertEvent(tx, scope, { id, type: 'checkout.completed', object }, api.clock.now()),
  );
  return id;
}

const eventIds = (res: { body: { data: { id: string }[] } }) => res.body.data.map((e) => e.id);

describe('checkout.expired events', () => {
  it('an expired checkout records one event with a pending delivery per subscribed endpoint', async () => {
    const a = await endpoint(['checkout.expired']);
    const b = await endpoint(['order.created', 'checkout.expired']);
    await endpoint(['checkout.completed']);
    api.clock.advance(5000);
    const checkoutId = await expiredCheckout();

    const res = await api.request('GET', '/v1/events');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(res.body.data).toHaveLength(1);
    const [event] = res.body.data;
    expect(event.id).toMatch(/^evt_[A-Za-z0-9]{14,}$/);
    expect(event).toMatchObject({
      object: 'event',
      type: 'checkout.expired',
      mode: 'test',
      created_at: '2026-11-24T12:00:05.000Z',
    });
    expect(event.data.object).toEqual((await api.request('GET', `/v1/checkout/${checkoutId}`)).body);
    expect(event.data.object.status).toBe('expired');
    const pending = {
      status: 'pending',
      attempts: 0,
      last_attempt_at: null,
      next_attempt_at: '2026-11-24T12:00:05.000Z',
      last_response_status: null,
      last_error: null,
    };
    const byEndpoint = (x: { endpoint_id: string }, y: { endpoint_id: string }) =>
      x.endpoint_id < y.endpoint_id ? -1 : 1;
    expect([...event.deliveries].sort(byEndpoint)).toEqual(
      [a.id, b.id].map((endpoint_id) => ({ endpoint_id, ...pending })).sort(byEndpoint),
    );
  });

  it('without endpoints the event is still recorded, with no deliveries', async () => {
    await expiredCheckout();
    const res = await api.request('GET', '/v1/events');
    expect(res.body.data.map((e: { type: string; deliveries: unknown[] }) => [e.type, e.deliveries])).toEqual([
      ['checkout.expired', []],
    ]);
  });

  it('the sweeper records the same event for a session past its 24 h', async () => {
    const a = await endpoint(['checkout.expired']);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    api.clock.advance(24 * 3600 * 1000 + 1);
    expect(await expireCheckoutSessions(api.deps)).toBe(1);
    const res = await api.request('GET', '/v1/events?type=checkout.expired');
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0].data.object).toMatchObject({ id: session.body.id, status: 'expired' });
    expect(res.body.data[0].deliveries).toEqual([
      expect.objectContaining({ endpoint_id: a.id, status: 'pending', attempts: 0 }),
    ]);
  });
});

describe('GET /v1/events', () => {
  it('filters by type and pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      api.clock.advance(1000);
      if (i % 2) ids.push(await completedEvent());
      else {
        await expiredCheckout();
        ids.push(eventIds(await api.request('GET', '/v1/events?limit=1'))[0]!);
      }
    }
    const newestFirst = [...ids].reverse();
    const first = await api.request('GET', '/v1/events?limit=3');
    expect(eventIds(first)).toEqual(newestFirst.slice(0, 3));
    expect(first.body).toMatchObject({ has_more: true, next_cursor: newestFirst[2] });
    const rest = await api.request('GET', `/v1/events?limit=3&startingAfter=${first.body.next_cursor}`);
    expect(eventIds(rest)).toEqual(newestFirst.slice(3));
    expect(rest.body.has_more).toBe(false);

    const expired = await api.request('GET', '/v1/events?type=checkout.expired');
    expect(eventIds(expired)).toEqual([ids[2], ids[0]]);
    expect(expired.body.data.every((e: { type: string }) => e.type === 'checkout.expired')).toBe(true);
    const completed = await api.request('GET', '/v1/events?type=checkout.completed&limit=1');
    expect(eventIds(completed)).toEqual([ids[3]]);
    expect(completed.body).toMatchObject({ has_more: true, next_cursor: ids[3] });
    const completedRest = await api.request('GET', `/v1/events?type=checkout.completed&startingAfter=${ids[3]}`);
    expect(eventIds(completedRest)).toEqual([ids[1]]);
    const orders = await api.request('GET', '/v1/events?type=order.created');
    expect(orders.body).toEqual({ data: [], has_more: false, next_cursor: null });
  });
});

describe('POST /v1/events/{eventId}/redeliver', () => {
  it('202: puts a finished delivery back to pending, due now', async () => {
    const a = await endpoint(['checkout.expired']);
    await expiredCheckout();
    const [event] = (await api.request('GET', '/v1/events')).body.data;
    await api.deps.db.query(
      `update event_deliveries set status = 'failed', attempts = 8, last_attempt_at = $2, next_attempt_at = null,
              last_response_status = 500 where event_id = $1`,
      [event.id, new Date('2026-11-24T12:00:01Z')],
    );
    api.clock.advance(3600_000);
    const res = await api.request('POST', `/v1/events/${event.id}/redeliver`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: event.id, type: 'checkout.expired', data: event.data });
    expect(res.body.deliveries).toHaveLength(1);
    expect(res.body.deliveries[0]).toMatchObject({
      endpoint_id: a.id,
      status: 'pending',
      next_attempt_at: '2026-11-24T13:00:00.000Z',
    });
    expect((await api.request('GET', '/v1/events')).body.data[0]).toEqual(res.body);
  });

  it('adds endpoints subscribed since the event, skips deleted and unsubscribed ones', async () => {
    const early = await endpoint(['checkout.expired']);
    const deleted = await endpoint(['checkout.expired']);
    await expiredCheckout();
    const [event] = (await api.request('GET', '/v1/events')).body.data;
    await api.request('DELETE', `/v1/webhook_endpoints/${deleted.id}`);
    const late = await endpoint(['checkout.expired']);
    await endpoint(['order.created']);
    const res = await api.request('POST', `/v1/events/${event.id}/redeliver`);
    expect(res.status).toBe(202);
    const byEndpoint = Object.fromEntries(
      res.body.deliveries.map((d: { endpoint_id: string; status: string }) => [d.endpoint_id, d.status]),
    );
    expect(byEndpoint).toEqual({ [early.id]: 'pending', [late.id]: 'pending', [deleted.id]: 'failed' });
  });

  it('replays the stored response for the same Idempotency-Key', async () => {
    await endpoint(['checkout.expired']);
    await expiredCheckout();
    const [event] = (await api.request('GET', '/v1/events')).body.data;
    const headers = { 'idempotency-key': 'redeliver-1' };
    const first = await api.request('POST', `/v1/events/${event.id}/redeliver`, { headers });
    const again = await api.request('POST', `/v1/events/${event.id}/redeliver`, { headers });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([202, 'true']);
    expect(again.body).toEqual(first.body);
  });
});
