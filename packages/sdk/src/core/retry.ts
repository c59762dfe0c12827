/** Retry policy: which failures are retried and how long to wait before the next attempt. Pure functions. */

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A server-requested delay longer than this is not waited for: the error is surfaced instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** 408 timeout, 409 conflict (e.g. idempotency key in flight), 429 rate limit and every 5xx may be retried. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The one conflict that goes away by itself: the first request with this Idempotency-Key is still running. */
export const TRANSIENT_CONFLICT_CODES: ReadonlySet<string> = new Set(['idempotency_key_in_use']);

/**
 * Whether a failed response is worth another attempt. A 409 is retried only when it is transient (or carries no
 * problem code, e.g. from a proxy): `checkout_not_open` or `discount_code_taken` will not change on a retry.
 */
export function isRetryableResponse(status: number, code: string | undefined): boolean {
  if (status === 409) return code === undefined || TRANSIENT_CONFLICT_CODES.has(code);
  return isRetryableStatus(status);
}

/**
 * The delay requested by the server via `Retry-After-Ms` (milliseconds) or `Retry-After` (seconds or an HTTP
 * date), in milliseconds; `undefined` when absent or unparseable.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Number.parseFloat(ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Milliseconds to wait before retry number `retriesSoFar + 1`, or `undefined` when the server asked for a delay
 * longer than {@link MAX_RETRY_AFTER_MS} (then retrying would be pointless).
 * Without a server hint: 0.5 s · 2^n capped at 8 s, minus up to 25 % jitter.
 */
export function retryDelay(
  retriesSoFar: number,
  headers?: Headers,
  now: number = Date.now(),
  random: () => number = Math.random,
): number | undefined {
  const requested = parseRetryAfter(headers, now);
  if (requested !== undefined) return requested <= MAX_RETRY_AFTER_MS ? requested : undefined;
  const backoff = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retriesSoFar, MAX_RETRY_DELAY_MS);
  return backoff * (1 - random() * 0.25);
}
