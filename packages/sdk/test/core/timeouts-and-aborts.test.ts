import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from '../../src/core/errors';
import { hang, json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

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

/** Answers after `ms` of (fake) time unless aborted first. */
const answerAfter = (ms: number, response: () => Response) => (request: Request) =>
  new Promise<Response>((resolve, reject) => {
    const timer = setTimeout(() => resolve(response()), ms);
    request.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(request.signal.reason);
    });
  });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timeouts', () => {
  it('times out each attempt on its own clock and retries', async () => {
    // Attempt 1 hangs past the 1 s timeout; attempt 2 answers after 0.9 s. With one clock for the whole call,
    // attempt 2 would have been cut off too.
    const { fetch, calls } = scriptedFetch(
      hang,
      answerAfter(900, () => json(200, widget('w1'))),
    );
    const { value, error } = await settle(retrieve(widgetClient({ fetch, timeout: 1000 })));
    expect(error).toBeUndefined();
    expect(value?.id).toBe('w1');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('throws APIConnectionTimeoutError (an APIConnectionError) once retries are exhausted', async () => {
    const { fetch, calls } = scriptedFetch(hang, hang, hang);
    const { error } = await settle(retrieve(widgetClient({ fetch, timeout: 500 })));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/500 ms/);
    expect(calls).toHaveLength(3);
  });

  it('enforces the timeout even with a custom fetch that ignores the signal', async () => {
    const never = () => new Promise<Response>(() => {});
    const { fetch } = scriptedFetch(never);
    const { error } = await settle(retrieve(widgetClient({ fetch, timeout: 200 }), { maxRetries: 0 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('accepts a per-call timeout', async () => {
    const { fetch } = scriptedFetch(answerAfter(300, () => json(200, widget('w1'))));
    const { error } = await settle(retrieve(widgetClient({ fetch, timeout: 60_000 }), { timeout: 100, maxRetries: 0 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe('user aborts', () => {
  it('rejects with APIUserAbortError and does not retry when the signal aborts mid-request', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch((request) => {
      setTimeout(() => controller.abort(), 100);
      return hang(request);
    });
    const { error } = await settle(retrieve(widgetClient({ fetch }), { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(1);
  });

  it('stops waiting between retries when aborted during the backoff', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch(() => {
      setTimeout(() => controller.abort(), 100);
      return problem(429, 'rate_limited', {}, { 'retry-after': '30' });
    });
    const started = Date.now();
    const { error } = await settle(retrieve(widgetClient({ fetch }), { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { fetch, calls } = scriptedFetch();
    const { error } = await settle(retrieve(widgetClient({ fetch }), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(0);
  });
});
