/**
 * A header sent twice, over a real socket: the API reads it as fetch's `Headers` would (the values joined with
 * ", "), never as only the first or the last copy — so two Authorization headers cannot smuggle a second key past
 * the first, and an Idempotency-Key sent twice is one key.
 */
import { describe, expect, it } from 'vitest';
import { liveApiPerTest, RawConnection } from '../support/live-server';

const live = liveApiPerTest({ RATE_LIMIT_REQUESTS: '0' });

async function send(lines: string[], body = ''): Promise<{ status: number; body: string }> {
  const connection = await RawConnection.open(live.server.port);
  try {
    const length = body === '' ? [] : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`];
    connection.write([...lines, 'Host: 127.0.0.1', ...length, '', body].join('\r\n'));
    const response = await connection.response();
    return { status: response.status, body: response.body };
  } finally {
    connection.destroy();
  }
}

describe('repeated request headers (security)', () => {
  it('two Authorization headers, even with the same valid key twice: 401 invalid_api_key', async () => {
    const bearer = `Authorization: Bearer ${live.api.account.key}`;
    for (const second of [bearer, 'Authorization: Bearer sk_test_00000000000000000000000000000000']) {
      const response = await send(['GET /v1/products HTTP/1.1', bearer, second]);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'invalid_api_key' });
    }
    expect((await send(['GET /v1/products HTTP/1.1', bearer])).status).toBe(200);
  });

  it('an Idempotency-Key sent twice is the key "a, b": the same key sent once replays it', async () => {
    const auth = `Authorization: Bearer ${live.api.account.key}`;
    const product = await send(
      ['POST /v1/products HTTP/1.1', auth],
      JSON.stringify({ name: 'Ebook', prices: [{ currency: 'usd', amount: 15 }] }),
    );
    expect(product.status).toBe(201);
    const body = JSON.stringify({ productId: (JSON.parse(product.body) as { id: string }).id });
    const twice = await send(
      ['POST /v1/checkout/create HTTP/1.1', auth, 'Idempotency-Key: key-a', 'Idempotency-Key: key-b'],
      body,
    );
    expect(twice.status).toBe(201);
    const joined = await send(['POST /v1/checkout/create HTTP/1.1', auth, 'Idempotency-Key: key-a, key-b'], body);
    expect(joined.status).toBe(201);
    expect(JSON.parse(joined.body).id).toBe(JSON.parse(twice.body).id);
    const first = await send(['POST /v1/checkout/create HTTP/1.1', auth, 'Idempotency-Key: key-a'], body);
    expect(JSON.parse(first.body).id).not.toBe(JSON.parse(twice.body).id);
  });
});
