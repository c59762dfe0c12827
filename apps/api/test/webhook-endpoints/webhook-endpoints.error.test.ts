import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { requestInFlight } from '../support/in-flight';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

function pointers(res: { body: { errors?: { pointer: string }[] } }): string[] {
  return (res.body.errors ?? []).map((e) => e.pointer);
}

const create = (body: Record<string, unknown>, key?: string) =>
  api.request('POST', '/v1/webhook_endpoints', { key, body });

describe('POST /v1/webhook_endpoints: schema rejections (400 validation_failed)', () => {
  it.each([
    ['missing url', { events: ['order.created'] }, '/body/url'],
    ['relative url', { url: '/hooks', events: ['order.created'] }, '/body/url'],
    [
      'url over 2048 characters',
      { url: `https://example.com/${'x'.repeat(2048)}`, events: ['order.created'] },
      '/body/url',
    ],
    // Found by the hostile fuzzer: accepted by `new URL()`, stored, and then not a `format: uri` in the response.
    ['url with a control character', { url: 'https://example.com/3\u0001z', events: ['order.created'] }, '/body/url'],
    ['url with a space', { url: 'https://example.com/a b', events: ['order.created'] }, '/body/url'],
    ['url with raw non-ASCII', { url: 'https://exämple.com/h', events: ['order.created'] }, '/body/url'],
    ['missing events', { url: 'https://example.com/h' }, '/body/events'],
    ['no events', { url: 'https://example.com/h', events: [] }, '/body/events'],
    ['unknown event type', { url: 'https://example.com/h', events: ['order.deleted'] }, '/body/events/0'],
    [
      'duplicate event types',
      { url: 'https://example.com/h', events: ['order.created', 'order.created'] },
      '/body/events',
    ],
    [
      'description over 200',
      { url: 'https://example.com/h', events: ['order.created'], description: 'd'.repeat(201) },
      '/body/description',
    ],
    [
      'unknown property',
      { url: 'https://example.com/h', events: ['order.created'], secret: 'whsec_mine' },
      '/body/secret',
    ],
  ])('%s', async (_name, body, pointer) => {
    const res = await create(body);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toContain(pointer);
  });

  it('400 malformed_json, 415 unsupported_media_type', async () => {
    const broken = await api.request('POST', '/v1/webhook_endpoints', {
      rawBody: '{"url":',
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.status, broken.body.code]).toEqual([400, 'malformed_json']);
    const form = await api.request('POST', '/v1/webhook_endpoints', {
      rawBody: 'url=x',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
  });
});

describe('POST /v1/webhook_endpoints: 422 webhook_url_not_allowed', () => {
  it.each([
    ['http', 'http://93.184.215.14/hooks'],
    ['http to localhost', 'http://localhost:4000/hooks'],
    ['loopback 127.0.0.1', 'https://127.0.0.1/hooks'],
    ['loopback elsewhere in 127/8', 'https://127.10.0.1/hooks'],
    ['loopback written as hex', 'https://0x7f000001/hooks'],
    ['loopback written as a number', 'https://2130706433/hooks'],
    ['private 10.x', 'https://10.0.0.5/hooks'],
    ['private 172.16.x', 'https://172.16.3.4/hooks'],
    ['private 192.168.x', 'https://192.168.1.1/hooks'],
    ['link-local / cloud metadata 169.254.x', 'https://169.254.169.254/latest/meta-data'],
    ['carrier-grade NAT 100.64.x', 'https://100.64.0.1/hooks'],
    ['unspecified 0.0.0.0', 'https://0.0.0.0/hooks'],
    ['IPv6 loopback ::1', 'https://[::1]/hooks'],
    ['IPv6 unique local fd00::', 'https://[fd00::1]/hooks'],
    ['IPv6 link-local fe80::', 'https://[fe80::1]/hooks'],
    ['IPv4-compatible loopback ::7f00:1', 'https://[::7f00:1]/hooks'],
    ['NAT64 to a private address', 'https://[64:ff9b::a00:1]/hooks'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hooks'],
    ['IPv4-mapped private', 'https://[::ffff:10.1.2.3]/hooks'],
  ])('live mode rejects %s', async (_name, url) => {
    const live = await api.newAccount('live');
    const res = await create({ url, events: ['order.created'] }, live.key);
    expect([res.status, res.body.code]).toEqual([422, 'webhook_url_not_allowed']);
    expect(pointers(res)).toEqual(['/body/url']);
    const list = await api.request('GET', '/v1/webhook_endpoints', { key: live.key });
    expect(list.body.data).toEqual([]);
  });

  it.each([
    ['a non-http scheme', 'ftp://example.com/hooks'],
    ['credentials in the URL', 'https://user:pass@example.com/hooks'],
  ])('even test mode rejects %s', async (_name, url) => {
    const res = await create({ url, events: ['order.created'] });
    expect([res.status, res.body.code]).toEqual([422, 'webhook_url_not_allowed']);
  });
});

describe('POST /v1/webhook_endpoints: Idempotency-Key', () => {
  it('replays the same endpoint (and secret) for the same key and body; 422 for another body; 409 in flight', async () => {
    const headers = { 'idempotency-key': 'we-1' };
    const body = { url: 'https://example.com/h', events: ['order.created'] };
    const first = await api.request('POST', '/v1/webhook_endpoints', { body, headers });
    const replay = await api.request('POST', '/v1/webhook_endpoints', { body, headers });
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(replay.body).toEqual(first.body);
    const reused = await api.request('POST', '/v1/webhook_endpoints', {
      body: { ...body, description: 'other' },
      headers,
    });
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);

    const held = { events: ['order.created'], url: 'https://example.com/busy' };
    const inFlight = await requestInFlight(api, '/v1/webhook_endpoints', { body: held, key: 'busy' });
    const busy = await api.request('POST', '/v1/webhook_endpoints', {
      body: held,
      headers: { 'idempotency-key': 'busy' },
    });
    expect([busy.status, busy.body.code]).toEqual([409, 'idempotency_key_in_use']);
    expect((await inFlight.release()).status).toBe(201);
  });
});

describe('retrieve / delete / list errors', () => {
  it('404 webhook_endpoint_not_found for an unknown id', async () => {
    const read = await api.request('GET', '/v1/webhook_endpoints/we_doesnotexist0000');
    expect([read.status, read.body.code]).toEqual([404, 'webhook_endpoint_not_found']);
    const del = await api.request('DELETE', '/v1/webhook_endpoints/we_doesnotexist0000');
    expect([del.status, del.body.code]).toEqual([404, 'webhook_endpoint_not_found']);
    expect(pointers(del)).toEqual(['/path/webhookEndpointId']);
  });

  it('404 when deleting twice', async () => {
    const created = await create({ url: 'https://example.com/h', events: ['order.created'] });
    expect((await api.request('DELETE', `/v1/webhook_endpoints/${created.body.id}`)).status).toBe(200);
    const again = await api.request('DELETE', `/v1/webhook_endpoints/${created.body.id}`);
    expect([again.status, again.body.code]).toEqual([404, 'webhook_endpoint_not_found']);
  });

  it('400 validation_failed for an id over 64 characters', async () => {
    const long = `we_${'x'.repeat(62)}`;
    for (const method of ['GET', 'DELETE']) {
      const res = await api.request(method, `/v1/webhook_endpoints/${long}`);
      expect([method, res.status, res.body.code]).toEqual([method, 400, 'validation_failed']);
      expect(pointers(res)).toEqual(['/path/webhookEndpointId']);
    }
  });

  it('400 for a bad limit, invalid_cursor for an unknown cursor', async () => {
    for (const limit of ['0', '101', 'x']) {
      const res = await api.request('GET', `/v1/webhook_endpoints?limit=${limit}`);
      expect([limit, res.status, res.body.code]).toEqual([limit, 400, 'validation_failed']);
    }
    const cursor = await api.request('GET', '/v1/webhook_endpoints?startingAfter=we_doesnotexist0000');
    expect([cursor.status, cursor.body.code]).toEqual([400, 'invalid_cursor']);
  });
});

describe('endpoint limit', () => {
  const create = (key?: string) =>
    api.request('POST', '/v1/webhook_endpoints', {
      key,
      body: { url: 'http://127.0.0.1:9/hooks', events: ['order.created'] },
    });

  it('refuses a 17th endpoint per mode with 422 webhook_endpoint_limit_reached; a deleted one frees a slot', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) ids.push((await create()).body.id);
    const over = await create();
    expect([over.status, over.body.code]).toEqual([422, 'webhook_endpoint_limit_reached']);
    const other = await api.newAccount();
    expect((await create(other.key)).status).toBe(201); // the limit is per account
    await api.request('DELETE', `/v1/webhook_endpoints/${ids[0]}`);
    expect((await create()).status).toBe(201);
  });

  it('holds under concurrent creates', async () => {
    for (let i = 0; i < 14; i++) await create();
    const results = await Promise.all(Array.from({ length: 6 }, () => create()));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.body.code === 'webhook_endpoint_limit_reached')).toHaveLength(4);
  });
});
