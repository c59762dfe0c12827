import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type IdempotencyScope,
} from '../store/idempotency';
import type { AppEnv } from './env';

export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;
/** A first request still marked in flight after this long was abandoned (its replica died); a retry may take over. */
export const idempotencyLeaseMs = 60 * 1000;
const replayedHeaders = ['content-type', 'location'];

/** JSON with sorted keys, so the same parameters in another order count as the same request. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function canonical(raw: string): string {
  if (raw.trim() === '') return '';
  try {
    return canonicalJson(JSON.parse(raw));
  } catch {
    return raw;
  }
}

/**
 * `Idempotency-Key` on POST: the first request's response is stored (in the database, so every replica sees it)
 * and replayed for the same key and body; another body → 422; while the first is still running → 409.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (c.req.method !== 'POST' || key === undefined) {
    await next();
    return;
  }
  if (key.length < 1 || key.length > 255) {
    throw new ApiError(400, 'validation_failed', 'Idempotency-Key must be 1 to 255 characters.', [
      { pointer: '/header/idempotency-key', detail: 'Must be 1 to 255 characters.' },
    ]);
  }
  const { db, clock } = c.var.deps;
  const caller = c.var.caller;
  const scope: IdempotencyScope = { accountId: caller.accountId, mode: caller.mode, key };
  const path = new URL(c.req.url).pathname;
  // The body as parsed by the string check when the operation takes JSON (no second parse), else as sent.
  const parsed = c.get('jsonBody');
  const requestBody = parsed ? canonicalJson(parsed.value) : canonical(await c.req.text());
  const hash = createHash('sha256').update(`${c.req.method} ${path}\n${requestBody}`).digest('hex');

  const claim = await claimIdempotencyKey(db, scope, { hash, method: c.req.method, path }, clock.now(), {
    retentionMs: idempotencyRetentionMs,
    leaseMs: idempotencyLeaseMs,
  });
  if (claim.state === 'mismatch') {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
    );
  }
  if (claim.state === 'in_flight') {
    throw new ApiError(
      409,
      'idempotency_key_in_use',
      'A request with this Idempotency-Key is still being processed. Retry shortly.',
    );
  }
  if (claim.state === 'completed') {
    const headers = new Headers(claim.response.headers);
    headers.set('Idempotent-Replayed', 'true');
    c.res = new Response(claim.response.body, { status: claim.response.status, headers });
    return;
  }

  await next();
  if (c.res.status >= 500) {
    await releaseIdempotencyKey(db, scope);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of replayedHeaders) {
    const value = c.res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const body = await c.res.clone().text();
  await completeIdempotencyKey(db, scope, { status: c.res.status, headers, body });
};
