import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';
import { requestInFlight } from '../support/in-flight';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

function pointers(res: { body: { errors?: { pointer: string }[] } }): string[] {
  return (res.body.errors ?? []).map((e) => e.pointer);
}

/** Two `checkout.expired` events, oldest first. */
async function twoEvents(): Promise<string[]> {
  const product = await fixedProduct(api);
  for (let i = 0; i < 2; i++) {
    api.clock.advance(1000);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
  }
  return (await api.request('GET', '/v1/events')).body.data.map((e: { id: string }) => e.id).reverse();
}

describe('GET /v1/events: query errors', () => {
  it.each(['0', '101', 'abc'])('400 validation_failed for limit=%s', async (limit) => {
    const res = await api.request('GET', `/v1/events?limit=${limit}`);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toEqual(['/query/limit']);
  });

  it('400 validation_failed for an unknown event type', async () => {
    const res = await api.request('GET', '/v1/events?type=order.deleted');
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toEqual(['/query/type']);
  });

  it('400 invalid_cursor for an unknown cursor or the id of another kind of object', async () => {
    const product = await fixedProduct(api);
    for (const cursor of ['evt_doesnotexist0000', product.id]) {
      const res = await api.request('GET', `/v1/events?startingAfter=${cursor}`);
      expect([cursor, res.status, res.body.code]).toEqual([cursor, 400, 'invalid_cursor']);
    }
  });

  it('the oldest event as cursor is an empty page, not an error', async () => {
    const [oldest] = await twoEvents();
    const res = await api.request('GET', `/v1/events?startingAfter=${oldest}`);
    expect(res.body).toEqual({ data: [], has_more: false, next_cursor: null });
  });
});

describe('POST /v1/events/{eventId}/redeliver: errors', () => {
  it('404 event_not_found for an unknown id', async () => {
    const res = await api.request('POST', '/v1/events/evt_doesnotexist0000/redeliver');
    expect([res.status, res.body.code]).toEqual([404, 'event_not_found']);
    expect(pointers(res)).toEqual(['/path/eventId']);
  });

  it('400 validation_failed for an id over 64 characters', async () => {
    const res = await api.request('POST', `/v1/events/evt_${'x'.repeat(61)}/redeliver`);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toEqual(['/path/eventId']);
  });

  it('422 idempotency_key_reused for the same key on another event', async () => {
    const [a, b] = await twoEvents();
    const headers = { 'idempotency-key': 'redeliver' };
    expect((await api.request('POST', `/v1/events/${a}/redeliver`, { headers })).status).toBe(202);
    const res = await api.request('POST', `/v1/events/${b}/redeliver`, { headers });
    expect([res.status, res.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('409 idempotency_key_in_use while the first request is in flight', async () => {
    const [a] = await twoEvents();
    const path = `/v1/events/${a}/redeliver`;
    const first = await requestInFlight(api, path, { key: 'busy' });
    const res = await api.request('POST', path, { headers: { 'idempotency-key': 'busy' } });
    expect([res.status, res.body.code]).toEqual([409, 'idempotency_key_in_use']);
    expect((await first.release()).status).toBe(202);
  });

  it('422 event_delivery_limit_reached: redelivery never lists more deliveries than the spec allows', async () => {
    api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
    const endpoints = async () => {
      const ids: string[] = [];
      for (let i = 0; i < 16; i++) {
        const body = { url: `https://example.com/hook/${i}`, events: ['checkout.expired'] };
        const res = await api.request('POST', '/v1/webhook_endpoints', { body });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      return ids;
    };
    let live = await endpoints();
    const [eventId] = await twoEvents();
    const counts: number[] = [];
    for (let round = 0; round < 7; round++) {
      for (const id of live) await api.request('DELETE', `/v1/webhook_endpoints/${id}`);
      live = await endpoints();
      const res = await api.request('POST', `/v1/events/${eventId}/redeliver`);
      if (res.status !== 202) {
        expect([res.status, res.body.code]).toEqual([422, 'event_delivery_limit_reached']);
        break;
      }
      counts.push(res.body.deliveries.length);
    }
    // 16 at the event, 16 more per redelivery: the sixth would make 112.
    expect(counts).toEqual([32, 48, 64, 80, 96]);
    const listed = (await api.request('GET', '/v1/events')).body.data.find((e: { id: string }) => e.id === eventId);
    expect(listed.deliveries).toHaveLength(96);
    expect(listed.deliveries.filter((d: { status: string }) => d.status === 'pending')).toHaveLength(0);
  });

  it('405 for methods the event routes do not serve', async () => {
    const res = await api.request('GET', '/v1/events/evt_doesnotexist0000/redeliver');
    expect([res.status, res.body.code]).toEqual([405, 'method_not_allowed']);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
