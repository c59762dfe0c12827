import { contract } from '@solifyn/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';

/**
 * The conventions say the API is for servers holding a secret key, never for browsers: no response allows a
 * cross-origin caller and a CORS preflight is refused, so a browser page cannot call the API (or leak a key by
 * trying). Checked on every operation of the spec.
 */
const origin = 'https://shop.example';
const operations = contract().operations.map((op) => ({
  operationId: op.operationId,
  method: op.method.toUpperCase(),
  path: op.path.replace(/\{[^}]+\}/g, 'x'),
}));

function corsHeaders(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name.startsWith('access-control-'));
}

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('CORS (security): no browser origin is ever allowed', () => {
  it.each(operations)('$operationId: the preflight is refused, with or without a key', async ({ method, path }) => {
    const preflight = {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    };
    // Browsers send a preflight without credentials; a key is tried too, in case a client adds one.
    for (const key of [null, api.account.key]) {
      const res = await api.request('OPTIONS', path, { key, headers: preflight });
      expect(res.status, `OPTIONS ${path}`).toBeGreaterThanOrEqual(400);
      expect(corsHeaders(res.headers)).toEqual([]);
    }
  });

  it.each(operations)('$operationId: a request with an Origin gets no Access-Control-* header', async (op) => {
    for (const key of [api.account.key, null]) {
      const res = await api.request(op.method, op.path, { key, headers: { origin } });
      expect(corsHeaders(res.headers), `${op.method} ${op.path} → ${res.status}`).toEqual([]);
    }
  });

  it('an authenticated success says nothing to the browser either', async () => {
    const res = await api.request('GET', '/v1/products', { headers: { origin: 'null' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
