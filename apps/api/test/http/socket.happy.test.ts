/**
 * Bodies up to the limit over a real socket (the server `pnpm start` runs, on 127.0.0.1): accepted whether sent with
 * a Content-Length, chunked, or after `Expect: 100-continue`; idle keep-alive connections end after their timeout.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../src/app';
import { type TestApi, testApi } from '../support/api';
import { type LiveServer, liveServer, RawConnection } from '../support/live-server';

let api: TestApi;
let server: LiveServer;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
  server = await liveServer(api.app.fetch, { KEEP_ALIVE_TIMEOUT_MS: '1000' });
});
afterEach(async () => {
  await server.close();
});

/** A valid create-product body padded with JSON whitespace to exactly `bytes`. */
function productJson(bytes: number): string {
  const json = JSON.stringify({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] });
  return json.slice(0, -1) + ' '.repeat(bytes - json.length) + '}';
}

const atLimit = productJson(maxBodyBytes);

function headers(): Record<string, string> {
  return { authorization: `Bearer ${api.account.key}`, 'content-type': 'application/json' };
}

function create(body: BodyInit): Promise<Response> {
  return fetch(`${server.url}/v1/products`, {
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
    const connection = await RawConnection.open(server.port);
    connection.write(
      `POST /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${api.account.key}\r\n` +
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
    const connection = await RawConnection.open(server.port);
    for (let i = 0; i < 3; i++) {
      connection.write(`GET /v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${api.account.key}\r\n\r\n`);
      const response = await connection.response();
      expect([response.status, response.headers['keep-alive']]).toEqual([200, 'timeout=1']);
    }
    await connection.closed;
    expect(server.connections()).toBe(1);
  });
});
