import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((w) => w.id);

async function endpoint(body: Record<string, unknown>, key?: string) {
  const res = await api.request('POST', '/v1/webhook_endpoints', { key, body });
  if (res.status !== 201) throw new Error(`fixture endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string; url: string };
}

describe('POST /v1/webhook_endpoints', () => {
  it('creates an endpoint and shows its whsec_ secret once', async () => {
    const res = await api.request('POST', '/v1/webhook_endpoints', {
      body: {
        url: 'https://example.com/webhooks/solifyn',
        events: ['checkout.completed', 'order.created'],
        description: 'Fulfilment',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^we_[A-Za-z0-9]{14,}$/);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(res.body.secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(res.body).toEqual({
      id: res.body.id,
      object: 'webhook_endpoint',
      mode: 'test',
      url: 'https://example.com/webhooks/solifyn',
      events: ['checkout.completed', 'order.created'],
      description: 'Fulfilment',
      created_at: '2026-11-24T12:00:00.000Z',
      secret: res.body.secret,
    });
  });

  it('gives every endpoint its own secret; description defaults to null', async () => {
    const a = await endpoint({ url: 'https://example.com/a', events: ['order.created'] });
    const b = await endpoint({ url: 'https://example.com/a', events: ['order.created'] });
    expect(a.secret).not.toBe(b.secret);
    expect((a as unknown as { description: null }).description).toBeNull();
  });

  it.each([
    'http://localhost:4000/hooks',
    'http://127.0.0.1:8080/hooks',
    'http://[::1]:3000/hooks',
    'http://192.168.1.20/hooks',
    'https://localhost/hooks',
  ])('test mode accepts %s', async (url) => {
    const res = await api.request('POST', '/v1/webhook_endpoints', { body: { url, events: ['checkout.expired'] } });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(url);
  });

  it('keeps the URL as sent, even where the parsed form would differ or be longer', async () => {
    for (const url of ['https://Example.COM:443/Hooks/../in', `https://${'a'.repeat(2040)}`]) {
      const res = await api.request('POST', '/v1/webhook_endpoints', { body: { url, events: ['order.created'] } });
      expect([res.status, res.body.url]).toEqual([201, url]);
      expect((await api.request('GET', `/v1/webhook_endpoints/${res.body.id}`)).body.url).toBe(url);
    }
  });

  it('live mode accepts https to a public address', async () => {
    const live = await api.newAccount('live');
    for (const url of [
      'https://93.184.215.14/hooks',
      'https://[2606:4700:4700::1111]/hooks',
      'https://8.8.8.8:8443/x?y=1',
    ]) {
      const res = await api.request('POST', '/v1/webhook_endpoints', {
        key: live.key,
        body: { url, events: ['order.created'] },
      });
      expect([url, res.status, res.body.mode, res.body.url]).toEqual([url, 201, 'live', url]);
    }
  });
});

describe('GET /v1/webhook_endpoints/{webhookEndpointId}', () => {
  it('returns the endpoint without its secret', async () => {
    const created = await endpoint({ url: 'https://example.com/w', events: ['checkout.completed'], description: 'x' });
    const res = await api.request('GET', `/v1/webhook_endpoints/${created.id}`);
    expect(res.status).toBe(200);
    const { secret, ...withoutSecret } = created;
    expect(res.body).toEqual(withoutSecret);
    expect(res.body).not.toHaveProperty('secret');
    expect(JSON.stringify(res.body)).not.toContain(secret.slice('whsec_'.length));
  });
});

describe('GET /v1/webhook_endpoints', () => {
  it('pages newest first, never with secrets', async () => {
    const created: { id: string; secret: string }[] = [];
    for (let i = 0; i < 3; i++) {
      api.clock.advance(1000);
      created.push(await endpoint({ url: `https://example.com/${i}`, events: ['order.created'] }));
    }
    const first = await api.request('GET', '/v1/webhook_endpoints?limit=2');
    expect(ids(first)).toEqual([created[2]!.id, created[1]!.id]);
    expect(first.body).toMatchObject({ has_more: true, next_cursor: created[1]!.id });
    const rest = await api.request('GET', `/v1/webhook_endpoints?limit=2&startingAfter=${first.body.next_cursor}`);
    expect(ids(rest)).toEqual([created[0]!.id]);
    expect(rest.body).toMatchObject({ has_more: false, next_cursor: null });
    const all = JSON.stringify([first.body, rest.body]);
    for (const { secret } of created) expect(all).not.toContain(secret.slice('whsec_'.length));
    expect(all).not.toContain('"secret"');
  });
});

describe('DELETE /v1/webhook_endpoints/{webhookEndpointId}', () => {
  it('deletes: 200 {deleted: true}, then 404 and gone from the list', async () => {
    api.clock.advance(1000);
    const kept = await endpoint({ url: 'https://example.com/kept', events: ['order.created'] });
    api.clock.advance(1000);
    const gone = await endpoint({ url: 'https://example.com/gone', events: ['order.created'] });
    const res = await api.request('DELETE', `/v1/webhook_endpoints/${gone.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: gone.id, object: 'webhook_endpoint', deleted: true });
    const read = await api.request('GET', `/v1/webhook_endpoints/${gone.id}`);
    expect([read.status, read.body.code]).toEqual([404, 'webhook_endpoint_not_found']);
    expect(ids(await api.request('GET', '/v1/webhook_endpoints'))).toEqual([kept.id]);
  });

  it('a deleted endpoint gets no deliveries of later events, and its pending ones stop', async () => {
    const product = await fixedProduct(api);
    const target = await endpoint({ url: 'https://example.com/t', events: ['checkout.expired'] });
    const first = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await api.request('POST', `/v1/checkout/${first.body.id}/expire`);
    await api.request('DELETE', `/v1/webhook_endpoints/${target.id}`);
    api.clock.advance(1000);
    const second = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await api.request('POST', `/v1/checkout/${second.body.id}/expire`);

    const events = await api.request('GET', '/v1/events?type=checkout.expired');
    const [later, earlier] = events.body.data;
    expect(later.data.object.id).toBe(second.body.id);
    expect(later.deliveries).toEqual([]);
    expect(earlier.deliveries).toHaveLength(1);
    expect(earlier.deliveries[0]).toMatchObject({ endpoint_id: target.id, next_attempt_at: null });
    expect(earlier.deliveries[0].status).not.toBe('pending');
  });
});

describe('subscriptions: an endpoint receives only the event types it asked for', () => {
  it('checkout.expired goes to subscribers of checkout.expired only', async () => {
    const product = await fixedProduct(api);
    const expiredOnly = await endpoint({ url: 'https://example.com/e', events: ['checkout.expired'] });
    const both = await endpoint({ url: 'https://example.com/b', events: ['checkout.completed', 'checkout.expired'] });
    await endpoint({ url: 'https://example.com/o', events: ['order.created', 'checkout.completed'] });
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
    const events = await api.request('GET', '/v1/events');
    expect(events.body.data).toHaveLength(1);
    const endpoints = events.body.data[0].deliveries.map((d: { endpoint_id: string }) => d.endpoint_id).sort();
    expect(endpoints).toEqual([expiredOnly.id, both.id].sort());
  });
});
