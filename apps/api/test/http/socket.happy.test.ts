/**
 * Bodies up to the limit over a real socket (the server `pnpm start` runs, on 127.0.0.1): accepted whether sent with
 * a Content-Length, chunked, or after `Expect: 100-continue`; idle keep-alive connections end after their timeout.
 */
import { describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../src/app';
import { testApi } from '../support/api';
import { liveApiPerTest, liveServer, RawConnection } from '../support/live-server';

const live = liveApiPerTest({ RATE_LIMIT_REQUESTS: '0' }, { KEEP_ALIVE_TIMEOUT_MS: '1000' });

/** A valid create-product body padded with JSON whitespace to exactly `bytes`. */
function productJson(bytes: number): string {
  const json = JSON.stringify({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] });
  return json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}';
}

const atLimit = productJson(maxBodyBytes);

function headers(): Record<string, string> {
  return { authorization: `Bearer ${live.api.account.key}`, 'content-type': 'application/json' };
}

function create(body: BodyInit): Promise<Response> {
  return fetch(`${live.server.url}/v1/products`, {
    method: 'POST',
    headers: headers(),
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('a body exactly at the limit', () => {
  it(`${maxBodyBytes} bytes with a Content-Length: 201`, async () => {
    expect(Buffer.byteLength(atLimit)).toBe(maxBodyBytes);
    const response = await create(atLimit);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'Ebook' });
  });

  it(`${maxBodyBytes} bytes chunked (no Content-Length): 201, and one byte more is a 413`, async () => {
    const stream = (text: string) => new Blob([text]).stream();
    expect((await create(stream(atLimit))).status).toBe(201);
    expect((await create(stream(productJson(maxBodyBytes + 1)))).status).toBe(413);
  });

  it('after Expect: 100-continue: the server says 100 Continue, the body follows, 201', async () => {
    const connection = await RawConnection.open(live.server.port);
    connection.write(
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${maxBodyBytes}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect((await connection.response()).status).toBe(100);
    connection.write(atLimit);
    const response = await connection.response();
    expect(response.status).toBe(201);
    expect(response.headers.connection).toBe('keep-alive');
    expect(JSON.parse(response.body)).toMatchObject({ name: 'Ebook' });
    connection.destroy();
  });
});

describe('keep-alive', () => {
  it('requests share one connection, which the server closes once idle for KEEP_ALIVE_TIMEOUT_MS', async () => {
    const connection = await RawConnection.open(live.server.port);
    for (let i = 0; i < 3; i++) {
      connection.write(`GET /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${live.api.account.key}\r\n\r\n`);
      const response = await connection.response();
      expect([response.status, response.headers['keep-alive']]).toEqual([200, 'timeout=1']);
    }
    await connection.closed;
    expect(live.server.connections()).toBe(1);
  });
});

describe('headers added to every response', () => {
  it('Request-Id on each response and the RateLimit pair on authenticated ones, once each, errors included', async () => {
    const limited = await testApi({ RATE_LIMIT_REQUESTS: '1000', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const limitedServer = await liveServer(limited.app.fetch);
    try {
      const connection = await RawConnection.open(limitedServer.port);
      const auth = `Authorization: Bearer ${limited.account.key}\r\n`;
      const requests = [
        { head: `GET /v1/products HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, status: 200, limited: true },
        { head: `GET /v1/checkout/ch_missing HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, status: 404, limited: true },
        { head: `GET /v1/products HTTP/1.1\r\nHost: x\r\n\r\n`, status: 401, limited: false },
        { head: `GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n`, status: 404, limited: false },
      ];
      const ids = new Set<string>();
      for (const { head, status, limited: counted } of requests) {
        connection.write(head);
        const response = await connection.response();
        expect(response.status).toBe(status);
        const requestId = response.headers['request-id'];
        expect(requestId).toMatch(/^req_[0-9A-Za-z]{20}$/);
        ids.add(requestId as string);
        if (status !== 200) expect(JSON.parse(response.body)).toMatchObject({ request_id: requestId });
        if (counted) {
          expect(response.headers['ratelimit-policy']).toBe('"default";q=1000;w=60');
          expect(response.headers.ratelimit).toMatch(/^"default";r=\d+;t=\d+$/);
        } else {
          expect(response.headers.ratelimit).toBeUndefined();
        }
      }
      expect(ids.size).toBe(requests.length);
      connection.destroy();
    } finally {
      await limitedServer.close();
    }
  });
});
