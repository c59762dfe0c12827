/**
 * The SDK's retries against the real server: a POST whose response was lost is retried with the same
 * Idempotency-Key and replayed, never executed twice; a 429 is retried after Retry-After with the same key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Fetch, RateLimitError } from 'solifyn';
import { type TestApi, testApi } from '../support/api';
import { requestInFlight } from '../support/in-flight';
import { type SdkHarness, sdkHarness } from './sdk-client';

let sdk: SdkHarness | undefined;

afterEach(() => {
  sdk?.expectNoViolations();
  sdk = undefined;
});

const isCreateSession = (request: Request) =>
  request.method === 'POST' && new URL(request.url).pathname === '/v1/checkout/create';

async function sessionsInDb(api: TestApi): Promise<number> {
  const [row] = await api.deps.db.query<{ n: number }>(
    'select count(*)::int as n from checkout_sessions where account_id = $1',
    [api.account.account_id],
  );
  return row?.n ?? -1;
}

function product(harness: SdkHarness) {
  return harness.solifyn.products.create({
    name: 'Ebook',
    pricingType: 'fixed',
    prices: [{ currency: 'usd', amount: 15 }],
  });
}

describe('a POST whose response is lost', () => {
  it('is retried with the same Idempotency-Key and creates one session (the server replays)', async () => {
    const api = await testApi();
    let dropped = 0;
    // The server has processed the request and committed; the connection fails before the client reads the answer.
    const dropFirstCreate =
      (inner: Fetch): Fetch =>
      async (request) => {
        const response = await inner(request);
        if (isCreateSession(request) && dropped === 0) {
          dropped++;
          await response.body?.cancel();
          throw new TypeError('fetch failed: socket hang up');
        }
        return response;
      };
    sdk = sdkHarness(api, { wrap: dropFirstCreate });
    const created = await product(sdk);

    const session = await sdk.solifyn.checkout.createSession({ productId: created.id, customerEmail: 'a@example.com' });

    const attempts = sdk.exchanges.filter((e) => e.path === '/v1/checkout/create');
    expect(dropped).toBe(1);
    expect(attempts.map((a) => a.status)).toEqual([201, 201]);
    const [first, retry] = attempts as [(typeof attempts)[0], (typeof attempts)[0]];
    const key = first.requestHeaders.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(retry.requestHeaders.get('idempotency-key')).toBe(key);
    expect(first.requestHeaders.get('x-solifyn-retry-count')).toBeNull();
    expect(retry.requestHeaders.get('x-solifyn-retry-count')).toBe('1');
    expect(first.responseHeaders.get('idempotent-replayed')).toBeNull();
    expect(retry.responseHeaders.get('idempotent-replayed')).toBe('true');
    // The answer the caller got is the one the lost response carried.
    expect(JSON.parse(retry.responseText)).toEqual(JSON.parse(first.responseText));
    expect(session.id).toBe(JSON.parse(first.responseText).id);

    expect(await sessionsInDb(api)).toBe(1);
    const listed = await sdk.solifyn.checkout.list();
    expect(listed.data.map((s) => s.id)).toEqual([session.id]);
  });

  it('a caller-chosen idempotencyKey makes the caller’s own retry safe too', async () => {
    const api = await testApi();
    sdk = sdkHarness(api);
    const created = await product(sdk);
    const body = { productId: created.id, quantity: 2 };
    const a = await sdk.solifyn.checkout.createSession(body, { idempotencyKey: 'cart-7781' });
    const b = await sdk.solifyn.checkout.createSession(body, { idempotencyKey: 'cart-7781' });
    expect(b.id).toBe(a.id);
    expect(b.checkoutUrl).toBe(a.checkout_url);
    expect(sdk.exchanges.at(-1)?.responseHeaders.get('idempotent-replayed')).toBe('true');
    expect(await sessionsInDb(api)).toBe(1);
  });

  it('every POST method sends an Idempotency-Key; GET and PATCH and DELETE do not', async () => {
    const api = await testApi();
    sdk = sdkHarness(api);
    const created = await product(sdk);
    const session = await sdk.solifyn.checkout.createSession({ productId: created.id });
    await sdk.solifyn.checkout.expire(session.id);
    const discount = await sdk.solifyn.discounts.create({ code: 'SAVE5', type: 'percent', percentOff: 5 });
    await sdk.solifyn.discounts.deactivate(discount.id);
    const endpoint = await sdk.solifyn.webhookEndpoints.create({
      url: 'https://example.com/h',
      events: ['checkout.expired'],
    });
    const [event] = (await sdk.solifyn.events.list()).data;
    await sdk.solifyn.events.redeliver(event!.id);
    await sdk.solifyn.products.update(created.id, { name: 'Ebook 2' });
    await sdk.solifyn.webhookEndpoints.delete(endpoint.id);

    const keys = sdk.exchanges.map((e) => [e.method, e.requestHeaders.has('idempotency-key')] as const);
    expect(keys.filter(([method]) => method === 'POST')).toHaveLength(7);
    for (const [method, hasKey] of keys) expect(hasKey).toBe(method === 'POST');
    const postKeys = sdk.exchanges
      .filter((e) => e.method === 'POST')
      .map((e) => e.requestHeaders.get('idempotency-key'));
    expect(new Set(postKeys).size).toBe(postKeys.length);
  });
});

describe('a 409 idempotency_key_in_use', () => {
  it('is retried with the same key; the retry gets the first request’s response once that one is done', async () => {
    const api = await testApi();
    // The first request with this key is still running (here: held at its first statement) when the SDK's
    // request arrives; it finishes while the SDK waits before its retry.
    let inFlight: Awaited<ReturnType<typeof requestInFlight>> | undefined;
    let first: Response | undefined;
    const firstFinishesOn409 =
      (inner: Fetch): Fetch =>
      async (request) => {
        const response = await inner(request);
        if (response.status === 409 && inFlight) first = await inFlight.release();
        return response;
      };
    sdk = sdkHarness(api, { wrap: firstFinishesOn409 });
    const created = await product(sdk);
    const body = { productId: created.id };
    inFlight = await requestInFlight(api, '/v1/checkout/create', { body, key: 'checkout-for-cart-9' });

    const session = await sdk.solifyn.checkout.createSession(body, { idempotencyKey: 'checkout-for-cart-9' });

    const attempts = sdk.exchanges.filter((e) => e.path === '/v1/checkout/create');
    expect(attempts.map((a) => a.status)).toEqual([409, 201]);
    expect(JSON.parse(attempts[0]!.responseText).code).toBe('idempotency_key_in_use');
    expect(attempts.map((a) => a.requestHeaders.get('idempotency-key'))).toEqual([
      'checkout-for-cart-9',
      'checkout-for-cart-9',
    ]);
    expect(attempts[1]!.requestHeaders.get('x-solifyn-retry-count')).toBe('1');
    expect(attempts[1]!.responseHeaders.get('idempotent-replayed')).toBe('true');
    expect(session.id).toBe(((await first!.json()) as { id: string }).id);
    expect((await sdk.solifyn.checkout.retrieve(session.id)).product_id).toBe(created.id);
    expect(await sessionsInDb(api)).toBe(1);
  });
});

describe('a 429 from the real rate limiter', () => {
  const lowLimit = { RATE_LIMIT_REQUESTS: '1', RATE_LIMIT_WINDOW_SECONDS: '1' };

  it('is retried after Retry-After with the same Idempotency-Key', async () => {
    const api = await testApi(lowLimit);
    const seenAt: number[] = [];
    // The server's window runs on the real clock: the SDK's wait of Retry-After is what lets the retry through.
    const noteTimes =
      (inner: Fetch): Fetch =>
      async (request) => {
        seenAt.push(performance.now());
        return inner(request);
      };
    sdk = sdkHarness(api, { wrap: noteTimes });
    const created = await product(sdk); // the one request this window allows

    const session = await sdk.solifyn.checkout.createSession({ productId: created.id });

    const attempts = sdk.exchanges.filter((e) => e.path === '/v1/checkout/create');
    expect(attempts.map((a) => a.status)).toEqual([429, 201]);
    const [limited, retry] = attempts as [(typeof attempts)[0], (typeof attempts)[0]];
    expect(limited.responseHeaders.get('retry-after')).toBe('1');
    expect(limited.responseHeaders.get('ratelimit-policy')).toBe('"default";q=1;w=1');
    expect(JSON.parse(limited.responseText).code).toBe('rate_limited');
    expect(retry.requestHeaders.get('idempotency-key')).toBe(limited.requestHeaders.get('idempotency-key'));
    expect(retry.requestHeaders.get('x-solifyn-retry-count')).toBe('1');
    // Retry-After: 1 was honoured (a lower bound only: a sleep is never shorter than asked).
    expect(seenAt[2]! - seenAt[1]!).toBeGreaterThanOrEqual(950);
    expect(session.id).toBe(JSON.parse(retry.responseText).id);
    expect(await sessionsInDb(api)).toBe(1);
  });

  it('surfaces a RateLimitError with its headers when retries are off', async () => {
    const api = await testApi(lowLimit);
    sdk = sdkHarness(api, { maxRetries: 0 });
    await sdk.solifyn.products.list();
    const error = await sdk.solifyn.products.list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    const rateLimited = error as RateLimitError;
    expect(rateLimited.headers.get('retry-after')).toBe('1');
    expect(rateLimited.requestId).toBe(sdk.exchanges.at(-1)?.responseHeaders.get('request-id'));
    expect(sdk.exchanges).toHaveLength(2);
  });
});
