import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/store/accounts';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

async function endpoint(events: string[] = ['checkout.expired']) {
  const res = await api.request('POST', '/v1/webhook_endpoints', { body: { url: 'https://example.com/h', events } });
  return res.body as { id: string; secret: string };
}

describe('webhook endpoints: authentication', () => {
  it('401 invalid_api_key cannot delete an endpoint', async () => {
    const created = await endpoint();
    const res = await api.request('DELETE', `/v1/webhook_endpoints/${created.id}`, {
      key: 'sk_test_00000000000000000000000000000000',
    });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_api_key']);
    expect((await api.request('GET', `/v1/webhook_endpoints/${created.id}`)).status).toBe(200);
  });
});

describe('webhook endpoints: isolation by account and mode', () => {
  it('another account or mode cannot read, list, page after or delete the endpoint', async () => {
    const created = await endpoint();
    for (const [who, key] of await outsiders(api)) {
      const read = await api.request('GET', `/v1/webhook_endpoints/${created.id}`, { key });
      expect([who, read.status, read.body.code]).toEqual([who, 404, 'webhook_endpoint_not_found']);
      const list = await api.request('GET', '/v1/webhook_endpoints', { key });
      expect([who, list.body.data]).toEqual([who, []]);
      const cursor = await api.request('GET', `/v1/webhook_endpoints?startingAfter=${created.id}`, { key });
      expect([who, cursor.status, cursor.body.code]).toEqual([who, 400, 'invalid_cursor']);
      const del = await api.request('DELETE', `/v1/webhook_endpoints/${created.id}`, { key });
      expect([who, del.status, del.body.code]).toEqual([who, 404, 'webhook_endpoint_not_found']);
    }
    expect((await api.request('GET', `/v1/webhook_endpoints/${created.id}`)).status).toBe(200);
  });

  it("events of one account or mode are never queued for another's endpoints", async () => {
    const mine = await endpoint();
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const stranger = await api.newAccount('test');
    for (const key of [live.secret, stranger.key]) {
      const url = key === live.secret ? 'https://93.184.215.14/h' : 'https://example.com/other';
      const res = await api.request('POST', '/v1/webhook_endpoints', {
        key,
        body: { url, events: ['checkout.expired'] },
      });
      expect(res.status).toBe(201);
    }
    const product = await fixedProduct(api);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
    const events = await api.request('GET', '/v1/events');
    expect(events.body.data[0].deliveries.map((d: { endpoint_id: string }) => d.endpoint_id)).toEqual([mine.id]);
  });

  it('stores the secret only for signing: it is never readable again through the API', async () => {
    const created = await endpoint(['order.created']);
    const responses = [
      await api.request('GET', `/v1/webhook_endpoints/${created.id}`),
      await api.request('GET', '/v1/webhook_endpoints'),
      await api.request('GET', '/v1/webhook_endpoints?limit=1'),
    ];
    for (const res of responses) expect(JSON.stringify(res.body)).not.toContain(created.secret);
  });
});
