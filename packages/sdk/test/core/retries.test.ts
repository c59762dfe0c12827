import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  PayloadTooLargeError,
  RateLimitError,
} from '../../src/core/errors';
import { MAX_RETRY_DELAY_MS, parseRetryAfter, retryDelay } from '../../src/core/retry';
import { json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

/** Drives fake time forward until the promise settles; returns its outcome. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  while (!outcome) await vi.advanceTimersByTimeAsync(10);
  return outcome;
}

const retrieve = (client: ReturnType<typeof widgetClient>, options = {}) =>
  client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } }, options);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retries', () => {
  it('retries a 429 after the Retry-After seconds, then resolves', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(429, 'rate_limited', {}, { 'retry-after': '2' }),
      json(200, widget('w1')),
    );
    const { value } = await settle(retrieve(widgetClient({ fetch })));
    expect(value?.id).toBe('w1');
    expect(calls).toHaveLength(2);
    const gap = calls[1]!.at - calls[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(2000);
    expect(gap).toBeLessThan(2000 + 50);
  });

  it('honours Retry-After-Ms over Retry-After, and an HTTP-date Retry-After', async () => {
    const date = () => new Date(Date.now() + 3000).toUTCString();
    const { fetch, calls } = scriptedFetch(
      problem(503, 'service_unavailable', {}, { 'retry-after-ms': '250', 'retry-after': '9' }),
      () => problem(429, 'rate_limited', {}, { 'retry-after': date() }),
      json(200, widget('w1')),
    );
    await settle(retrieve(widgetClient({ fetch })));
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(250);
    expect(calls[1]!.at - calls[0]!.at).toBeLessThan(300);
    // HTTP dates have one-second resolution.
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(2000);
    expect(calls[2]!.at - calls[1]!.at).toBeLessThanOrEqual(3050);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(500, 'internal_error'),
      problem(502, 'internal_error'),
      problem(500, 'internal_error'),
    );
    const { error } = await settle(retrieve(widgetClient({ fetch })));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(3);
  });

  it('honours maxRetries per call and per client', async () => {
    const perCall = scriptedFetch(problem(500, 'internal_error'));
    expect((await settle(retrieve(widgetClient({ fetch: perCall.fetch }), { maxRetries: 0 }))).error).toBeInstanceOf(
      InternalServerError,
    );
    expect(perCall.calls).toHaveLength(1);

    const perClient = scriptedFetch(problem(500, 'internal_error'), problem(500, 'internal_error'));
    await settle(retrieve(widgetClient({ fetch: perClient.fetch, maxRetries: 1 })));
    expect(perClient.calls).toHaveLength(2);
  });

  it('does not retry a 400', async () => {
    const { fetch, calls } = scriptedFetch(problem(400, 'validation_failed'));
    const { error } = await settle(retrieve(widgetClient({ fetch })));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(calls).toHaveLength(1);
  });

  it.each([401, 403, 404, 422])('does not retry a %i', async (status) => {
    const { fetch, calls } = scriptedFetch(problem(status, 'x'));
    await settle(retrieve(widgetClient({ fetch })));
    expect(calls).toHaveLength(1);
  });

  it('does not retry a 413: the same body would be refused again, even when the server sends Retry-After', async () => {
    const { fetch, calls } = scriptedFetch(problem(413, 'payload_too_large', {}, { 'retry-after': '1' }));
    const create = widgetClient({ fetch, maxRetries: 5 }).post('/v1/widgets', {
      body: { displayName: 'x'.repeat(2 * 1024 * 1024) },
    });
    const { error } = await settle(create);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).code).toBe('payload_too_large');
    expect(calls).toHaveLength(1);
  });

  it.each([
    [408, 'request_timeout'],
    [409, 'idempotency_key_in_use'],
    [429, 'rate_limited'],
    [500, 'internal_error'],
    [503, 'x'],
  ])('retries a %i %s', async (status, code) => {
    const { fetch, calls } = scriptedFetch(problem(status, code), json(200, widget('w1')));
    expect((await settle(retrieve(widgetClient({ fetch })))).value?.id).toBe('w1');
    expect(calls).toHaveLength(2);
  });

  it('retries a 409 without a problem code (not from the API, e.g. a proxy)', async () => {
    const conflict = new Response('Conflict', { status: 409, headers: { 'content-type': 'text/plain' } });
    const { fetch, calls } = scriptedFetch(conflict, json(200, widget('w1')));
    expect((await settle(retrieve(widgetClient({ fetch })))).value?.id).toBe('w1');
    expect(calls).toHaveLength(2);
  });

  it.each(['checkout_not_open', 'discount_code_taken'])(
    'does not retry a 409 %s: it would not change',
    async (code) => {
      const { fetch, calls } = scriptedFetch(problem(409, code));
      const { error } = await settle(retrieve(widgetClient({ fetch })));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe(code);
      expect(calls).toHaveLength(1);
    },
  );

  it('retries connection errors and surfaces APIConnectionError with the cause', async () => {
    const failure = new TypeError('fetch failed');
    const { fetch, calls } = scriptedFetch(failure, failure, failure);
    const { error } = await settle(retrieve(widgetClient({ fetch })));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).cause).toBe(failure);
    expect(calls).toHaveLength(3);
  });

  it('does not wait for a Retry-After longer than 60 s: the RateLimitError surfaces at once', async () => {
    const { fetch, calls } = scriptedFetch(problem(429, 'rate_limited', {}, { 'retry-after': '3600' }));
    const { error } = await settle(retrieve(widgetClient({ fetch })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(calls).toHaveLength(1);
  });

  it('marks retries with X-Solifyn-Retry-Count', async () => {
    const { fetch, calls } = scriptedFetch(problem(500, 'x'), problem(500, 'x'), json(200, widget('w1')));
    await settle(retrieve(widgetClient({ fetch })));
    expect(calls.map((c) => c.headers.get('x-solifyn-retry-count'))).toEqual([null, '1', '2']);
  });
});

describe('backoff', () => {
  it('doubles from 0.5 s, caps at 8 s, and jitters down by at most 25 %', () => {
    expect(retryDelay(0, undefined, 0, () => 0)).toBe(500);
    expect(retryDelay(1, undefined, 0, () => 0)).toBe(1000);
    expect(retryDelay(3, undefined, 0, () => 0)).toBe(4000);
    expect(retryDelay(10, undefined, 0, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelay(0, undefined, 0, () => 0.999)).toBeGreaterThan(375);
  });

  it('parses Retry-After seconds, HTTP dates and Retry-After-Ms; ignores garbage', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 24 Nov 2026 12:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '120' }), now)).toBe(120);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });
});
