import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

/** The string rule runs before anything that touches the database: authentication, idempotency, handlers. */
let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});

describe('refused before authentication and idempotency', () => {
  it('a NUL in the query is a 400 even without a key: the key lookup never sees the request', async () => {
    const res = await api.request('GET', '/v1/orders?productId=%00', { key: null });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
  });

  it('a refused body does not claim its Idempotency-Key: the corrected retry with the same key succeeds', async () => {
    const headers = { 'idempotency-key': 'nul-then-fixed' };
    const refused = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, customFields: { note: 'a\u0000' } },
      headers,
    });
    expect(refused.status).toBe(400);
    const fixed = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, customFields: { note: 'a' } },
      headers,
    });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('over a real socket (@hono/node-server): what no fetch client can send', () => {
  let server: ServerType;
  let port: number;
  beforeEach(async () => {
    await new Promise<void>((resolve) => {
      // overrideGlobalObjects: false — the worker runs other test files after this one (isolate: false).
      server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () =>
        resolve(),
      );
    });
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Writes raw bytes on a new connection and returns everything the server answered before closing it. */
  function rawRequest(bytes: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      // write, not end: a half-closed client counts as gone, and Node aborts its request in flight.
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
  }

  const head = (requestLine: string, headers: string[]) =>
    Buffer.from(`${requestLine}\r\nHost: 127.0.0.1\r\n${headers.join('\r\n')}\r\nConnection: close\r\n\r\n`, 'latin1');

  it('a NUL byte in Idempotency-Key or Authorization: Node answers 400 itself and the server keeps serving', async () => {
    for (const header of [`Idempotency-Key: a\u0000b`, `Authorization: Bearer sk_test_\u0000`]) {
      const answer = await rawRequest(head('POST /v1/checkout/create HTTP/1.1', [header, 'Content-Length: 0']));
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    }
    const after = await fetch(`http://127.0.0.1:${port}/v1/products`, {
      headers: { authorization: `Bearer ${api.account.key}` },
    });
    expect(after.status).toBe(200);
  });

  it('%00 and a broken escape in the request line are problem+json 400s', async () => {
    for (const target of ['/v1/checkout/%00', '/v1/orders?startingAfter=%c3%28', '/v1/products/%']) {
      const answer = await rawRequest(head(`GET ${target} HTTP/1.1`, [`Authorization: Bearer ${api.account.key}`]));
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(answer).toContain('"code":"validation_failed"');
    }
  });

  it('raw non-ASCII bytes in the path (not percent-encoded, even invalid UTF-8) never reach a 500', async () => {
    const request = head('GET /v1/products/prod_\u00c3\u00a9\u00ff\u00fe HTTP/1.1', [
      `Authorization: Bearer ${api.account.key}`,
    ]); // latin1: the bytes c3 a9 ff fe
    const answer = await rawRequest(request);
    expect(answer).toMatch(/^HTTP\/1\.1 (400|404) /);
  });

  it('a JSON body with a raw NUL byte (not an escape) is malformed JSON, not a database error', async () => {
    const body = Buffer.from(`{"productId":"${product.id}","customFields":{"a":"x\u0000"}}`, 'utf8');
    const answer = await rawRequest(
      Buffer.concat([
        head('POST /v1/checkout/create HTTP/1.1', [
          `Authorization: Bearer ${api.account.key}`,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
        ]),
        body,
      ]),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"malformed_json"');
  });
});
