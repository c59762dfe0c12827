import { hash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import { crashPoint } from '../faults';
import {
  findIdempotentUse,
  type IdempotentRequest,
  type IdempotentWrite,
  type KeyTimes,
  lockIdempotencyKey,
  type PriorUse,
  saveIdempotentResponse,
  type StoredResponse,
  writeIdempotently,
} from '../store/idempotency';
import { routes } from '../generated/routes';
import type { AppEnv } from './env';
import { asApiError } from './problem';
import { fieldErrorsOf, validationError } from './validation';

/**
 * The spec's `Idempotency-Key` parameter (one component, on every POST that takes a key), checked before the key is
 * used — with the schema and message the route's validator would give it after.
 */
const keyHeader = routes.createCheckoutSession.request.headers.pick({ 'idempotency-key': true }).required();

export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;
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

/** The body as parsed by the string check when the operation takes JSON (no second parse), else as sent. */
async function canonicalBody(c: Context<AppEnv>): Promise<string> {
  const parsed = c.get('jsonBody');
  return parsed ? canonicalJson(parsed.value) : canonical(await c.req.text());
}

export function keyTimes(now: Date): KeyTimes {
  return { now, expiresAt: new Date(now.getTime() + idempotencyRetentionMs) };
}

/** A stored response sent again: the handler (or middleware) throws it; the app's error handler sends it. */
export class IdempotentReplay extends Error {
  override name = 'IdempotentReplay';
  constructor(readonly stored: StoredResponse) {
    super('replaying the stored response of this Idempotency-Key');
  }
  response(): Response {
    const headers = new Headers(this.stored.headers);
    headers.set('Idempotent-Replayed', 'true');
    return new Response(this.stored.body, { status: this.stored.status, headers });
  }
}

/** A 409 or 422 about the key itself: never stored as the key's response. */
class KeyConflict extends ApiError {}

/** What the client gets when the key already holds something other than room for this request. */
export function settle(outcome: IdempotentWrite | PriorUse): void {
  switch (outcome.state) {
    case 'completed':
      throw new IdempotentReplay(outcome.response);
    case 'mismatch':
      throw new KeyConflict(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      );
    case 'in_flight':
      throw new KeyConflict(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still being processed. Retry shortly.',
      );
    default:
  }
}

export function storedJson(status: number, body: unknown): StoredResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function storedOf(res: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of replayedHeaders) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: res.status, headers, body: await res.clone().text() };
}

/**
 * Keys of requests running in this process (whichever app instance runs them). On PostgreSQL other replicas are
 * kept out by the advisory lock; on PGlite, whose one connection always gets its own locks, this is what answers
 * 409 while the first request runs.
 */
const running = new Set<string>();

/** Thrown inside the request's transaction to roll it back without failing the request. */
class RollBack extends Error {}

/** A refusal the handler answered (a 4xx of its own), which the key must remember like any response. */
function isRecordableRefusal(c: Context<AppEnv>): boolean {
  return asApiError(c.error) !== undefined && !(c.error instanceof KeyConflict) && c.res.status < 500;
}

/**
 * `Idempotency-Key` on POST: exactly once. The response is stored in the same transaction as the effect it
 * reports, so a crash before the commit leaves nothing (the retry runs the request afresh) and a crash after it
 * leaves both (the retry replays). Same key and body → the stored response, `Idempotent-Replayed: true`;
 * another body → 422; while a request with the key is running here or on another replica → 409.
 *
 * - Operations in `recordsItself` write their effect and the key in one statement (`writeIdempotently`); the
 *   middleware only records a refusal they answered before writing anything.
 * - Every other POST runs in one transaction holding the key's advisory lock: lock and look up the key, run the
 *   handler on the transaction, store its response, commit. A handler that fails is rolled back; its 4xx is
 *   then stored on its own (there was no effect to commit with).
 */
export function idempotency(recordsItself: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) {
      c.set('idempotency', undefined);
      return next();
    }
    const checked = keyHeader.safeParse({ 'idempotency-key': key });
    if (!checked.success) throw validationError(fieldErrorsOf(checked.error, 'header'));
    const caller = c.get('caller');
    const path = c.req.path;
    const request: IdempotentRequest = {
      accountId: caller.accountId,
      mode: caller.mode,
      key,
      hash: hash('sha256', `${c.req.method} ${path}\n${await canonicalBody(c)}`, 'hex'),
      method: c.req.method,
      path,
    };
    const runningKey = `${caller.accountId}\u0000${caller.mode}\u0000${key}`;
    if (running.has(runningKey)) settle({ state: 'in_flight' });
    running.add(runningKey);
    c.set('idempotency', request);
    try {
      if (recordsItself.has(path)) await recordRefusal(c, request, next);
      else await inOneTransaction(c, request, next);
    } finally {
      running.delete(runningKey);
    }
  };
}

async function recordRefusal(c: Context<AppEnv>, request: IdempotentRequest, next: () => Promise<void>) {
  await next();
  // Written with its effect, replayed, or a failure on our side (nothing stored: the retry runs it again).
  if (!isRecordableRefusal(c)) return;
  const { db, clock } = c.get('deps');
  settle(await writeIdempotently(db, request, await storedOf(c.res), keyTimes(clock.now())));
}

async function inOneTransaction(c: Context<AppEnv>, request: IdempotentRequest, next: () => Promise<void>) {
  const deps = c.get('deps');
  let failed = false;
  let raced = false;
  try {
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const { held, prior } = await lockIdempotencyKey(tx, request, now);
      if (!held) settle({ state: 'in_flight' });
      settle(prior);
      c.set('deps', { ...deps, db: tx });
      try {
        await next();
      } finally {
        c.set('deps', deps);
      }
      if (c.error || c.res.status >= 500) {
        failed = true;
        throw new RollBack();
      }
      crashPoint('idempotency:before-commit');
      if (!(await saveIdempotentResponse(tx, request, await storedOf(c.res), keyTimes(now)))) {
        raced = true;
        throw new RollBack();
      }
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  crashPoint('idempotency:after-commit');
  const now = deps.clock.now();
  if (raced) return settle(await findIdempotentUse(deps.db, request, now));
  if (failed && isRecordableRefusal(c)) {
    settle(await writeIdempotently(deps.db, request, await storedOf(c.res), keyTimes(now)));
  }
}
