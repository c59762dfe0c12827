import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/store/accounts';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

async function expiredEvent(key?: string): Promise<string> {
  const product = await fixedProduct(api, key);
  const session = await api.request('POST', '/v1/checkout/create', { key, body: { productId: product.id } });
  await api.request('POST', `/v1/checkout/${session.body.id}/expire`, { key });
  return (await api.request('GET', '/v1/events', { key })).body.data[0].id;
}

describe('events: authentication', () => {
  it('401 invalid_api_key for a malformed key', async () => {
    const res = await api.request('GET', '/v1/events', { key: 'whsec_notakey' });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_api_key']);
  });
});

describe('events: isolation by account and mode', () => {
  it('another account or mode cannot list, page after or redeliver the event', async () => {
    const eventId = await expiredEvent();
    for (const [who, key] of await outsiders(api)) {
      const list = await api.request('GET', '/v1/events', { key });
      expect([who, list.body.data]).toEqual([who, []]);
      const filtered = await api.request('GET', '/v1/events?type=checkout.expired', { key });
      expect([who, filtered.body.data]).toEqual([who, []]);
      const cursor = await api.request('GET', `/v1/events?startingAfter=${eventId}`, { key });
      expect([who, cursor.status, cursor.body.code]).toEqual([who, 400, 'invalid_cursor']);
      const redeliver = await api.request('POST', `/v1/events/${eventId}/redeliver`, { key });
      expect([who, redeliver.status, redeliver.body.code]).toEqual([who, 404, 'event_not_found']);
    }
  });

  it("redelivering never queues the event for another account's or mode's endpoints", async () => {
    const eventId = await expiredEvent();
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const stranger = await api.newAccount('test');
    await api.request('POST', '/v1/webhook_endpoints', {
      key: live.secret,
      body: { url: 'https://93.184.215.14/h', events: ['checkout.expired'] },
    });
    await api.request('POST', '/v1/webhook_endpoints', {
      key: stranger.key,
      body: { url: 'https://example.com/h', events: ['checkout.expired'] },
    });
    const res = await api.request('POST', `/v1/events/${eventId}/redeliver`);
    expect([res.status, res.body.deliveries]).toEqual([202, []]);
  });

  it('live events are listed to live keys only, as live', async () => {
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const liveEvent = await expiredEvent(live.secret);
    const testEvent = await expiredEvent();
    const liveList = await api.request('GET', '/v1/events', { key: live.secret });
    expect(liveList.body.data.map((e: { id: string; mode: string }) => [e.id, e.mode])).toEqual([[liveEvent, 'live']]);
    expect(liveList.body.data[0].data.object.mode).toBe('live');
    const testList = await api.request('GET', '/v1/events');
    expect(testList.body.data.map((e: { id: string }) => e.id)).toEqual([testEvent]);
  });
});
