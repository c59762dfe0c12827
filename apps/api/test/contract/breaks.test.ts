import { contract } from '@solifyn/contract';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import {
  assertHostile,
  assertNeedsKey,
  assertNegative,
  assertPositive,
  createFixtures,
  type FuzzTarget,
} from './harness';

/**
 * The contract checks must catch a server that drifts from the spec. Each test breaks a copy of the app in one
 * way (a wrapper around its fetch, the real app untouched) and expects the fuzz properties to fail naming the
 * operation.
 */
const runs = { seed: 7, numRuns: 15 };

let api: TestApi;
let healthy: FuzzTarget;
let revoked: string;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
  healthy = {
    fetch: (req) => api.app.fetch(req),
    key: api.account.key,
    otherModeKey: '',
    fixtures: await createFixtures(api),
  };
  const accounts = await import('../../src/store/accounts');
  const key = await accounts.issueApiKey(api.deps.db, { mode: 'test', accountId: api.account.account_id });
  await accounts.revokeApiKey(api.deps.db, { accountId: api.account.account_id, keyId: key.id });
  // Another writer's change reaches the store cache within its bound (≤ 1 s): wait for it, as a replica would.
  await api.deps.cache.sync();
  revoked = key.secret;
});

type Rewrite = (request: Request, response: Response) => Response | Promise<Response>;

function broken(
  rewrite: Rewrite,
  rewriteRequest: (request: Request) => Request | Promise<Request> = (r) => r,
): FuzzTarget {
  return {
    ...healthy,
    fetch: async (request) => {
      const sent = await rewriteRequest(request);
      return rewrite(sent, await api.app.fetch(sent));
    },
  };
}

const route = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;
const op = (id: string) => contract().operation(id);

describe('breaking the server on purpose fails the contract checks, naming the operation', () => {
  it('the healthy app passes the same checks', async () => {
    await assertPositive(healthy, op('retrieveProduct'), runs);
    await assertNegative(healthy, op('createCheckoutSession'), runs);
    await assertNeedsKey(healthy, op('listProducts'), revoked, runs);
  });

  it('an undocumented status', async () => {
    const target = broken((request, response) =>
      route(request) === 'GET /v1/products'
        ? new Response(response.body, { status: 203, headers: response.headers })
        : response,
    );
    await expect(assertPositive(target, op('listProducts'), runs)).rejects.toThrow(
      /listProducts → 203: .*status 203 is not documented/,
    );
  });

  it('a field the response schema forbids', async () => {
    const target = broken(async (request, response) => {
      if (!/^GET \/v1\/products\/[^/]+$/.test(route(request)) || response.status !== 200) return response;
      const body = { ...(await response.json()), internal_cost: 3.5 };
      return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
    });
    await expect(assertPositive(target, op('retrieveProduct'), runs)).rejects.toThrow(
      /retrieveProduct → 200: \/body has unexpected property "internal_cost"/,
    );
  });

  it('a documented header dropped', async () => {
    const target = broken((request, response) => {
      if (route(request) !== 'GET /v1/discounts') return response;
      const headers = new Headers(response.headers);
      headers.delete('request-id');
      return new Response(response.body, { status: response.status, headers });
    });
    await expect(assertPositive(target, op('listDiscounts'), runs)).rejects.toThrow(
      /listDiscounts → \d{3}: \/header\/request-id documented header "Request-Id" is missing/,
    );
  });

  it('a negative quantity accepted', async () => {
    // The break: the server clamps an out-of-range quantity into range instead of rejecting it.
    const target = broken(
      (_request, response) => response,
      async (request) => {
        if (route(request) !== 'POST /v1/checkout/create') return request;
        const text = await request.text();
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text);
        } catch {
          return new Request(request, { body: text });
        }
        if (typeof body.quantity === 'number' && (body.quantity < 1 || body.quantity > 100)) body.quantity = 1;
        return new Request(request, { body: JSON.stringify(body) });
      },
    );
    const plainCheckout = fc.constant({
      method: 'post',
      path: '/v1/checkout/create',
      query: {},
      headers: {},
      body: { productId: healthy.fixtures.productId },
    });
    await expect(
      assertNegative(target, op('createCheckoutSession'), runs, {
        mutation: (m) => m.name.startsWith('quantity'),
        requests: plainCheckout,
      }),
    ).rejects.toThrow(/createCheckoutSession: "quantity (below minimum|above maximum)" answered 201/);
  });

  it('NUL and lone surrogates silently replaced instead of refused', async () => {
    // The break: a "sanitising" server that stores U+2400 / U+FFFD where the client sent NUL or a lone surrogate.
    const target = broken(
      (_request, response) => response,
      async (request) => {
        if (route(request) !== 'POST /v1/checkout/create') return request;
        const text = (await request.text())
          .replace(/\\u0000/g, '\\u2400')
          .replace(/\\ud[89a-f][0-9a-f]{2}/gi, '\\ufffd');
        return new Request(request, { body: text });
      },
    );
    await expect(assertHostile(target, op('createCheckoutSession'), runs)).rejects.toThrow(
      /createCheckoutSession: .*(holds refused input \/body|refused for)/,
    );
  });

  it('a 500 for a NUL in a query parameter', async () => {
    const target = broken((request, response) =>
      route(request) === 'GET /v1/orders' && new URL(request.url).search.includes('%00')
        ? // What PostgreSQL's refusal of a NUL became before the string check: a documented-looking 500.
          Response.json(
            {
              type: 'https://docs.solifyn.com/errors/internal_error',
              title: 'Internal Server Error',
              status: 500,
              detail: 'Something went wrong on our side. It has been logged.',
              code: 'internal_error',
              request_id: response.headers.get('request-id') ?? 'req_0',
            },
            {
              status: 500,
              headers: {
                'content-type': 'application/problem+json',
                'request-id': response.headers.get('request-id') ?? 'req_0',
              },
            },
          )
        : response,
    );
    // 500 is documented (every operation can fail on our side), but no input may ever provoke one.
    await expect(assertHostile(target, op('listOrders'), { seed: 7, numRuns: 60 })).rejects.toThrow(
      /listOrders: .* answered 500/,
    );
  });

  it('a route served without auth', async () => {
    // The break: GET /v1/orders answers without checking the key (here: with the account's key put in for the caller).
    const target = broken(
      (_request, response) => response,
      (request) => {
        if (route(request) !== 'GET /v1/orders') return request;
        const headers = new Headers(request.headers);
        headers.set('authorization', `Bearer ${api.account.key}`);
        return new Request(request, { headers });
      },
    );
    await expect(assertNeedsKey(target, op('listOrders'), revoked, runs)).rejects.toThrow(
      /listOrders: .* key answered 200/,
    );
  });
});
