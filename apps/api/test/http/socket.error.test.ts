/**
 * Oversized and slow request bodies over a real socket (the server `pnpm start` runs, on 127.0.0.1): every client
 * gets its 413 problem+json, the connection is left clean (drained) or closed, so the next request on it never
 * fails; a body that never finishes arriving ends with a timeout, not a socket held forever.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectConforms, observe } from '@solifyn/contract';
import { PayloadTooLargeError, Solifyn } from 'solifyn';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { maxBodyBytes } from '../../src/app';
import { drainMaxBytes } from '../../src/server';
import { liveApiPerTest, type LiveServer, liveServer, RawConnection } from '../support/live-server';

const run = promisify(execFile);
const curlMissing = await run('curl', ['--version']).then(
  () => false,
  () => true,
);

const live = liveApiPerTest({ RATE_LIMIT_REQUESTS: '0' });

/** A valid create-product body padded with JSON whitespace to exactly `bytes`: only its size is wrong. */
function productJson(bytes: number): string {
  const json = JSON.stringify({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] });
  return json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}';
}

const oversized = productJson(1_200_000);

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${live.api.account.key}`, 'content-type': 'application/json', ...extra };
}

async function expectPayloadTooLarge(response: Response): Promise<void> {
  expect(response.status).toBe(413);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  // observe() first: a fetch Response is no instance of the global Response @hono/node-server installs.
  await expectConforms('createProduct', await observe(response));
  expect(await response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
}

/**
 * Requests come in pairs (oversized, follow-up). Each follow-up used the same connection, or that connection was
 * closed: undici drops a connection itself when a response completes while it still writes a streamed body.
 */
async function expectReusedOrClosed(sockets: Socket[]): Promise<void> {
  for (let i = 0; i < sockets.length; i += 2) {
    const [rejected, next] = [sockets[i]!, sockets[i + 1]];
    if (next !== rejected && !rejected.destroyed) await once(rejected, 'close');
  }
}

async function listProducts(): Promise<number> {
  const response = await fetch(`${live.server.url}/v1/products`, { headers: headers() });
  await response.arrayBuffer();
  return response.status;
}

/** A body sent with `Transfer-Encoding: chunked` (no Content-Length), 64 KiB at a time. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

describe('a body over the limit, Node fetch (undici, keep-alive)', () => {
  it('50 times in a row: 413 problem+json, then a request on the same connection succeeds', async () => {
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${live.server.url}/v1/products`, {
        method: 'POST',
        headers: headers(),
        body: oversized,
      });
      expect(response.headers.get('connection')).toBe('keep-alive');
      await expectPayloadTooLarge(response);
      expect(await listProducts()).toBe(200);
    }
    // The rest of each body was read and thrown away, so the server kept every connection usable (keep-alive).
    expect(live.server.sockets).toHaveLength(100);
    await expectReusedOrClosed(live.server.sockets);
  });

  it('50 times in a row with a chunked body (no Content-Length): the app stops at the limit, the rest is drained', async () => {
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${live.server.url}/v1/products`, {
        method: 'POST',
        headers: headers(),
        body: chunked(oversized),
        duplex: 'half',
      } as RequestInit);
      expect(response.headers.get('connection')).toBe('keep-alive');
      await expectPayloadTooLarge(response);
      expect(await listProducts()).toBe(200);
    }
    await expectReusedOrClosed(live.server.sockets);
  });

  it(`past the drain bound (${drainMaxBytes} bytes): 413 with Connection: close, and the next request gets a new connection`, async () => {
    const huge = productJson(drainMaxBytes + 1024 * 1024);
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${live.server.url}/v1/products`, {
        method: 'POST',
        headers: headers(),
        body: huge,
      });
      expect(response.headers.get('connection')).toBe('close');
      await expectPayloadTooLarge(response);
      expect(await listProducts()).toBe(200);
    }
    // Each oversized request closed its connection; each follow-up opened the next one.
    expect(live.server.connections()).toBe(6);
  });

  it('the same past the drain bound with a chunked body', async () => {
    const response = await fetch(`${live.server.url}/v1/products`, {
      method: 'POST',
      headers: headers(),
      body: chunked(productJson(drainMaxBytes + 4 * 1024 * 1024)),
      duplex: 'half',
    } as RequestInit);
    expect(response.headers.get('connection')).toBe('close');
    await expectPayloadTooLarge(response);
    expect(await listProducts()).toBe(200);
  });
});

describe('a body over the limit, the SDK', () => {
  it('50 times in a row: PayloadTooLargeError after one attempt (never retried), then the next call succeeds', async () => {
    const solifyn = new Solifyn({ apiKey: live.api.account.key, baseUrl: live.server.url });
    for (let i = 0; i < 50; i++) {
      const sent = live.server.sockets.length;
      const error = await solifyn.products
        .create({
          name: 'Ebook',
          description: 'x'.repeat(1_200_000),
          pricingType: 'fixed',
          prices: [{ currency: 'usd', amount: 15 }],
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
      expect(live.server.sockets.length - sent).toBe(1);
      expect((await solifyn.products.list()).data).toEqual([]);
    }
    await expectReusedOrClosed(live.server.sockets);
  });
});

describe('a body over the limit, node:http with a keep-alive Agent', () => {
  it('50 times in a row: 413 problem+json, then a request on the same socket succeeds', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest(`${live.server.url}${path}`, { method, agent, headers: headers() }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      for (let i = 0; i < 50; i++) {
        const rejected = await send('POST', '/v1/products', oversized);
        expect(rejected.status).toBe(413);
        expect(rejected.headers['content-type']).toBe('application/problem+json');
        expect(JSON.parse(rejected.body)).toMatchObject({ code: 'payload_too_large' });
        expect((await send('GET', '/v1/products')).status).toBe(200);
      }
      expect(live.server.connections()).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

describe.skipIf(curlMissing)('a body over the limit, curl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-socket-'));
  const file = join(dir, 'oversized.json');
  writeFileSync(file, oversized);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Two transfers in one curl run (`--next`): the oversized POST, then a GET; `%{num_connects}` is 0 on reuse. */
  async function curl(extra: string[]): Promise<{ status: string; connects: string; body: string }[]> {
    const auth = ['-H', `Authorization: Bearer ${live.api.account.key}`];
    const { stdout } = await run('curl', [
      '-sS',
      ...auth,
      '-H',
      'Content-Type: application/json',
      ...extra,
      '--data-binary',
      `@${file}`,
      '-w',
      '\n%{http_code} %{num_connects}\n',
      `${live.server.url}/v1/products`,
      '--next',
      '-sS',
      ...auth,
      '-w',
      '\n%{http_code} %{num_connects}\n',
      `${live.server.url}/v1/products`,
    ]);
    const lines = stdout.trim().split('\n');
    return [0, 2].map((i) => {
      const [status = '', connects = ''] = (lines[i + 1] ?? '').split(' ');
      return { body: lines[i] ?? '', status, connects };
    });
  }

  it('with Expect: 100-continue (curl’s default for a large body): 413 before the body is sent, then a new connection', async () => {
    const [rejected, next] = await curl([]);
    expect(rejected?.status).toBe('413');
    expect(JSON.parse(rejected?.body ?? '')).toMatchObject({ code: 'payload_too_large' });
    expect(next).toMatchObject({ status: '200', connects: '1' });
  });

  it('without Expect: 413, then the same connection is reused', async () => {
    const [rejected, next] = await curl(['-H', 'Expect:']);
    expect(rejected?.status).toBe('413');
    expect(JSON.parse(rejected?.body ?? '')).toMatchObject({ code: 'payload_too_large' });
    expect(next).toMatchObject({ status: '200', connects: '0' });
  });

  it.each([
    ['with', []],
    ['without', ['-H', 'Expect:']],
  ])('chunked, %s Expect: 413, then the next request succeeds', async (_, expect100) => {
    const [rejected, next] = await curl(['-H', 'Transfer-Encoding: chunked', ...expect100]);
    expect(rejected?.status).toBe('413');
    expect(JSON.parse(rejected?.body ?? '')).toMatchObject({ code: 'payload_too_large' });
    expect(next?.status).toBe('200');
  });
});

describe('a body over the limit, raw HTTP/1.1', () => {
  it('Expect: 100-continue with a Content-Length over the limit: 413 at once, no 100 Continue, connection closed', async () => {
    const connection = await RawConnection.open(live.server.port);
    connection.write(
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${maxBodyBytes + 1}\r\nExpect: 100-continue\r\n\r\n`,
    );
    const response = await connection.response();
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({ code: 'payload_too_large' });
    // The body was never sent, so the server must not wait for it on this connection.
    await connection.closed;
  });

  it('the same request pipelined after a rejected one is answered on the same connection', async () => {
    const connection = await RawConnection.open(live.server.port);
    const request =
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(oversized)}\r\n\r\n${oversized}`;
    connection.write(
      request + `GET /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n\r\n`,
    );
    expect((await connection.response()).status).toBe(413);
    const next = await connection.response();
    expect([next.status, JSON.parse(next.body).data]).toEqual([200, []]);
    connection.destroy();
  });
});

describe('a body that arrives too slowly', () => {
  let slow: LiveServer;
  beforeEach(async () => {
    slow = await liveServer(live.api.app.fetch, { REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '500' });
  });
  afterEach(async () => {
    await slow.close();
  });

  /** Sends `head`, then `piece` every 100 ms, 100 times (10 s): far longer than the timeouts. */
  async function trickle(head: string, piece: string): Promise<{ sent: number; response: string }> {
    const connection = await RawConnection.open(slow.port);
    connection.write(head);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < 100 && connection.write(piece)) sent++;
    }, 100);
    await connection.closed;
    clearInterval(timer);
    const response = await connection.response().then(
      (r) => `${r.status}`,
      () => 'none',
    );
    return { sent, response };
  }

  it('a Content-Length body sent byte by byte: the server answers 408 and closes the socket', async () => {
    const errors = vi.spyOn(console, 'error');
    const { sent, response } = await trickle(
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n',
      ' ',
    );
    expect(sent).toBeLessThan(100);
    expect(response).toBe('408');
    // The app's body read fails when the socket goes: the client's doing, answered (to nobody) and not logged.
    expect(await Promise.all(slow.answers)).toEqual([400]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('a chunked body sent chunk by chunk: 408 and closed', async () => {
    const { sent, response } = await trickle(
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      '1\r\n \r\n',
    );
    expect(sent).toBeLessThan(100);
    expect(response).toBe('408');
  });

  it('headers sent line by line (slowloris): 408 and closed', async () => {
    const { sent, response } = await trickle('POST /v1/products HTTP/1.1\r\n', 'X-Slow: 1\r\n');
    expect(sent).toBeLessThan(100);
    expect(response).toBe('408');
  });

  it('an oversized body sent slowly after its 413 was decided: the drain gives up and the socket is closed', async () => {
    const { sent, response } = await trickle(
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${maxBodyBytes + 1}\r\n\r\n`,
      ' '.repeat(100),
    );
    expect(sent).toBeLessThan(100);
    expect(response).toBe('413');
  });

  it('a connection that never sends a byte is closed', async () => {
    const connection = await RawConnection.open(slow.port);
    await connection.closed;
    expect(connection.isClosed).toBe(true);
  });
});
