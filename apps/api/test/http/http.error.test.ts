import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/failure';
import { ApiError } from '../../src/errors';
import { apiErrorOfDomain, problemLimits, toProblem, truncate } from '../../src/http/problem';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';
import { requestInFlight } from '../support/in-flight';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('HTTP hygiene: every failure is RFC 9457 with a stable code', () => {
  it('404 route_not_found for an unknown route', async () => {
    const res = await api.request('GET', '/v1/nothing-here');
    expect([res.status, res.body.code]).toEqual([404, 'route_not_found']);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({
      type: 'http://localhost:3000/docs/errors/route_not_found',
      title: 'Not Found',
      status: 404,
    });
    expect(res.body.request_id).toBe(res.headers.get('request-id'));
  });

  it('405 method_not_allowed with Allow for a wrong method', async () => {
    const res = await api.request('DELETE', '/v1/products');
    expect([res.status, res.body.code]).toEqual([405, 'method_not_allowed']);
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('413 payload_too_large over 1 MiB', async () => {
    const res = await api.request('POST', '/v1/checkout/create', {
      rawBody: JSON.stringify({ productId: 'x', checkoutData: { blob: 'x'.repeat(1024 * 1024) } }),
      headers: { 'content-type': 'application/json' },
    });
    expect([res.status, res.body.code]).toEqual([413, 'payload_too_large']);
  });

  it('415 unsupported_media_type for a non-JSON body', async () => {
    const res = await api.request('POST', '/v1/checkout/create', {
      rawBody: 'productId=prod_x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([res.status, res.body.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('400 malformed_json for broken JSON', async () => {
    const res = await api.request('POST', '/v1/checkout/create', {
      rawBody: '{"productId": ',
      headers: { 'content-type': 'application/json' },
    });
    expect([res.status, res.body.code]).toEqual([400, 'malformed_json']);
  });

  it('400 for an Idempotency-Key over 255 characters', async () => {
    const res = await api.request('POST', '/v1/checkout/create', {
      body: { productId: 'prod_x' },
      headers: { 'idempotency-key': 'k'.repeat(256) },
    });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    // The spec's parameter schema says what is wrong, as the route's validator would.
    expect(res.body.errors).toEqual([{ pointer: '/header/idempotency-key', detail: expect.stringContaining('255') }]);
  });
});

describe('Idempotency-Key', () => {
  it('422 idempotency_key_reused for the same key with another body', async () => {
    const product = await fixedProduct(api);
    const headers = { 'idempotency-key': 'order-42' };
    await api.request('POST', '/v1/checkout/create', { body: { productId: product.id }, headers });
    const res = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, quantity: 2 },
      headers,
    });
    expect([res.status, res.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it("409 idempotency_key_in_use while the first request is in flight; then the first request's response", async () => {
    const product = await fixedProduct(api);
    const body = { productId: product.id };
    const first = await requestInFlight(api, '/v1/checkout/create', { body, key: 'busy' });
    const res = await api.request('POST', '/v1/checkout/create', { body, headers: { 'idempotency-key': 'busy' } });
    expect([res.status, res.body.code]).toEqual([409, 'idempotency_key_in_use']);
    const created = await first.release();
    expect(created.status).toBe(201);
    const replay = await api.request('POST', '/v1/checkout/create', { body, headers: { 'idempotency-key': 'busy' } });
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(replay.body).toEqual(await created.json());
  });
});

describe('rate limits', () => {
  it('429 rate_limited with Retry-After past the per-key limit; other keys unaffected', async () => {
    const limited = await testApi({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '1' });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await limited.request('GET', '/v1/products');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.body.code).toBe('rate_limited');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get('ratelimit')).toMatch(/^"default";r=0;t=\d+$/);
    const other = await limited.newAccount();
    expect((await limited.request('GET', '/v1/products', { key: other.key })).status).toBe(200);
    // Windows run on the real clock (rate-limiter-flexible's): wait out the one the server named.
    const wait = Number(last?.headers.get('retry-after')) * 1000 + 50;
    await new Promise((resolve) => setTimeout(resolve, wait));
    expect((await limited.request('GET', '/v1/products')).status).toBe(200);
  });
});

describe('problem documents stay within the bounds the spec gives them, whatever the client sent', () => {
  it('a 404 for a 3,000-character path cuts the echoed path: detail ≤ 1000 characters', async () => {
    const res = await api.request('GET', `/v1/${'a'.repeat(3000)}`);
    expect([res.status, res.body.code]).toEqual([404, 'route_not_found']);
    expect(res.body.detail).toHaveLength(problemLimits.detail);
    expect(res.body.detail).toMatch(/^No route for GET \/v1\/a+…$/);
  });

  it('a 5,000-character unknown property name: the pointer is cut (≤ 500) and is still a JSON pointer', async () => {
    const name = `x~${'n'.repeat(5000)}`;
    const res = await api.request('POST', '/v1/checkout/create', { body: { productId: 'prod_x', [name]: 1 } });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    const [error] = res.body.errors;
    expect(error.pointer.length).toBeLessThanOrEqual(problemLimits.pointer);
    expect(error.pointer).toMatch(/^\/body\/x~0n+…$/);
    expect(res.body.detail.length).toBeLessThanOrEqual(problemLimits.detail);
  });

  it('a problem is raised by its code alone: the status comes from the table generated from the spec', () => {
    expect(new ApiError('checkout_not_open', 'd').status).toBe(409);
    expect(new ApiError('payload_too_large', 'd').status).toBe(413);
    // @ts-expect-error an unknown code does not compile
    const unknown = () => new ApiError('no_such_code', 'd');
    expect(typeof unknown).toBe('function');
  });

  it('a domain refusal becomes the problem of its reason, its input field a pointer into the body', () => {
    const error = apiErrorOfDomain(
      new DomainError('price_invalid', 'Price 0 is invalid.', { path: ['prices', 0, 'a/b'], detail: 'Too small.' }),
    );
    expect([error.status, error.code, error.detail]).toEqual([422, 'price_invalid', 'Price 0 is invalid.']);
    expect(error.errors).toEqual([{ pointer: '/body/prices/0/a~1b', detail: 'Too small.' }]);
  });

  it('truncate never splits a surrogate pair and never drops half of a `~` escape', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    // '😀' is two UTF-16 units; cutting between them would leave a lone surrogate.
    expect(truncate('abc😀def', 5)).toBe('abc…');
    expect(truncate('ab😀def', 5)).toBe('ab😀…');
    const problem = toProblem(
      new ApiError('validation_failed', 'd', [{ pointer: `/body/${'a'.repeat(492)}~1b`, detail: 'x' }]),
      'req_x',
      'http://localhost:3000/docs',
    );
    expect(problem.errors?.[0]?.pointer).toBe(`/body/${'a'.repeat(492)}…`);
  });
});
