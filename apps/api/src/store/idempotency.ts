import type { Mode } from '../domain/scope';
import type { Db } from './db';

/** A POST carrying an `Idempotency-Key`: the key's scope and what identifies the request it was first used for. */
export interface IdempotentRequest {
  accountId: string;
  mode: Mode;
  key: string;
  /** sha256 of method, path and canonical body. */
  hash: string;
  method: string;
  path: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the key already holds: nothing, another request's response, or a request that is still running. */
export type PriorUse =
  { state: 'none' } | { state: 'in_flight' } | { state: 'mismatch' } | { state: 'completed'; response: StoredResponse };

/**
 * The outcome of writing a response (and the effect it reports) under a key; `refused` when the effect's own
 * condition did not hold (nothing was written).
 */
export type IdempotentWrite = { state: 'written' } | { state: 'refused' } | Exclude<PriorUse, { state: 'none' }>;

/**
 * The SQL of an effect that commits with the key's row (see `writeIdempotently`): `before` are CTEs evaluated first
 * (e.g. a row locked `for update`), `condition` a boolean SQL expression the claim also requires, `ctes` the
 * writes, each guarded by `where exists (select 1 from claim)`, so a taken key leaves them nothing to write.
 * Parameters are numbered from `keyParamCount + 1`.
 */
export interface EffectSql {
  before?: string;
  condition?: string;
  ctes: string;
}

/** A statement of `writeIdempotently`, built by `idempotentStatement`. */
export type IdempotentStatement = string & { readonly __idempotentStatement: true };

/** When a key is written and until when it is kept (≥ 24 h, DESIGN.md). */
export interface KeyTimes {
  now: Date;
  expiresAt: Date;
}

interface PriorRow {
  request_hash: string | null;
  status: 'in_flight' | 'completed' | null;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

const priorColumns = 'request_hash, status, response_status, response_headers, response_body';

function priorUse(request: IdempotentRequest, row: PriorRow | undefined): PriorUse {
  if (!row || row.request_hash === null) return { state: 'none' };
  if (row.request_hash !== request.hash) return { state: 'mismatch' };
  // `in_flight` rows were written by builds before migration 0003; their outcome is unknown until they expire.
  if (row.status !== 'completed' || row.response_status === null) return { state: 'in_flight' };
  return {
    state: 'completed',
    response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body ?? '' },
  };
}

const keyColumns = `account_id, mode, key, request_hash, method, path, status, response_status, response_headers,
  response_body, created_at, expires_at`;
// Typed: inside INSERT … SELECT the parameters would otherwise be inferred as text.
const keyValues = `$1::text, $2::text, $3::text, $4::text, $5::text, $6::text, 'completed', $7::integer, $8::jsonb,
  $9::text, $10::timestamptz, $11::timestamptz`;
/** An expired row of the same key is replaced; a live one is left alone (the insert then returns nothing). */
const replaceExpired = `on conflict (account_id, mode, key) do update
    set request_hash = excluded.request_hash, method = excluded.method, path = excluded.path, status = 'completed',
        response_status = excluded.response_status, response_headers = excluded.response_headers,
        response_body = excluded.response_body, created_at = excluded.created_at, expires_at = excluded.expires_at
    where idempotency_keys.expires_at <= excluded.created_at`;

function keyParams(request: IdempotentRequest, response: StoredResponse, times: KeyTimes): unknown[] {
  return [
    request.accountId,
    request.mode,
    request.key,
    request.hash,
    request.method,
    request.path,
    response.status,
    response.headers,
    response.body,
    times.now,
    times.expiresAt,
  ];
}

/** Number of parameters `keyParams` takes; an effect's own parameters start after them. */
export const keyParamCount = 11;

/**
 * The one statement that stores a response under its key and runs `effect` with it. Built once per effect, at
 * module load: prepared statements are cached by their text, and a text composed afresh would be hashed in full
 * (about 2 KB) on every request.
 *
 * The key's row is claimed by its INSERT alone: no lock and no look-up first. A key that is taken — completed,
 * another request's, or expired but not swept yet — makes the insert do nothing, so the effect writes nothing either,
 * and `writeIdempotently` then reads what the key holds: a fresh key, the common case, pays for one index entry. A
 * concurrent writer of the same key on another connection waits for the first statement's outcome: its commit leaves
 * the second nothing to claim (it replays the first), its rollback lets the second go on. `DO NOTHING` rather than a
 * unique violation, so a replay is not a database error (in PostgreSQL's log, the metrics and the traces).
 */
export function idempotentStatement(effect: EffectSql = { ctes: '' }): IdempotentStatement {
  const before = effect.before ? `${effect.before}, ` : '';
  const claim = effect.condition ? `select ${keyValues} where ${effect.condition}` : `values (${keyValues})`;
  return `with ${before}claim as (
       insert into idempotency_keys (${keyColumns}) ${claim}
       on conflict do nothing
       returning 1
     )${effect.ctes}
     select exists (select 1 from claim) as claimed, ${effect.condition ?? 'true'} as allowed` as IdempotentStatement;
}

/** Just the key's row: a refusal computed before any write. */
const recordOnly = idempotentStatement();

/** An expired row of the key, which the sweeper has not deleted yet: it makes room for the key's next use. */
const deleteExpiredKey = `delete from idempotency_keys
  where account_id = $1 and mode = $2 and key = $3 and expires_at <= $4`;

/**
 * Stores `response` under the key and runs `effect` (a statement of `idempotentStatement` and its own parameters,
 * $12 on) with it — atomically, in one statement, so a crash leaves either both or neither. The effect's writes run
 * only if the key was claimed. Without an effect it just records the response.
 */
export async function writeIdempotently(
  db: Db,
  request: IdempotentRequest,
  response: StoredResponse,
  times: KeyTimes,
  effect: { statement: IdempotentStatement; params: unknown[] } = { statement: recordOnly, params: [] },
): Promise<IdempotentWrite> {
  const params = [...keyParams(request, response, times), ...effect.params];
  for (let attempt = 1; ; attempt++) {
    const [row] = await db.query<{ claimed: boolean; allowed: boolean }>(effect.statement, params);
    if (row?.claimed) return { state: 'written' };
    // What the key holds comes first: a completed request is replayed even where the effect would now be refused.
    const prior = await findIdempotentUse(db, request, times.now);
    if (prior.state !== 'none') return prior;
    if (!row?.allowed) return { state: 'refused' };
    // Only an expired row holds the key (or the sweeper just deleted it): remove it and claim the key once more.
    // Nothing to claim a second time means another request claimed it in between: that one is running.
    if (attempt === 2) return { state: 'in_flight' };
    await db.query(deleteExpiredKey, [request.accountId, request.mode, request.key, times.now]);
  }
}

/**
 * Inside a transaction: takes the key's lock until the transaction ends and says what the key holds. A handler
 * may then run in the same transaction and `saveIdempotentResponse` before it commits. The lock is
 * `pg_try_advisory_xact_lock` on the key: false while another transaction — another replica mid-request — holds it.
 */
export async function lockIdempotencyKey(
  tx: Db,
  request: IdempotentRequest,
  now: Date,
): Promise<{ held: boolean; prior: PriorUse }> {
  const [row] = await tx.query<PriorRow & { held: boolean }>(
    `with lock as materialized (
       select pg_try_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text || ':' || $3::text, 0)) as held
     ), prior as materialized (
       select ${priorColumns} from idempotency_keys
       where account_id = $1 and mode = $2 and key = $3 and expires_at > $4
     )
     select (select held from lock) as held, prior.* from (select 1) as one left join prior on true`,
    [request.accountId, request.mode, request.key, now],
  );
  return { held: row?.held ?? false, prior: priorUse(request, row) };
}

/**
 * Stores the response of the transaction's request under its key (taken with `lockIdempotencyKey`). False when
 * a request that took the key before our lock, but committed after our snapshot, already stored one: the caller
 * must roll back and replay that one.
 */
export async function saveIdempotentResponse(
  tx: Db,
  request: IdempotentRequest,
  response: StoredResponse,
  times: KeyTimes,
): Promise<boolean> {
  const rows = await tx.query(
    `insert into idempotency_keys (${keyColumns}) values (${keyValues}) ${replaceExpired} returning 1`,
    keyParams(request, response, times),
  );
  return rows.length > 0;
}

export async function findIdempotentUse(db: Db, request: IdempotentRequest, now: Date): Promise<PriorUse> {
  const [row] = await db.query<PriorRow>(
    `select ${priorColumns} from idempotency_keys
     where account_id = $1 and mode = $2 and key = $3 and expires_at > $4`,
    [request.accountId, request.mode, request.key, now],
  );
  return priorUse(request, row);
}

export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const rows = await db.query(`delete from idempotency_keys where expires_at <= $1 returning 1`, [now]);
  return rows.length;
}
