import type { Db } from './db';

export interface IdempotencyScope {
  accountId: string;
  mode: 'test' | 'live';
  key: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'in_flight' }
  | { state: 'mismatch' }
  | { state: 'completed'; response: StoredResponse };

interface KeyRow {
  request_hash: string;
  status: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

/**
 * Claims `key` for a request, atomically. A fresh key, an expired one, or one whose first request was abandoned
 * mid-flight (a crashed replica; older than `leaseMs`) with the same body is taken over; otherwise the stored
 * outcome decides.
 */
export async function claimIdempotencyKey(
  db: Db,
  scope: IdempotencyScope,
  request: { hash: string; method: string; path: string },
  now: Date,
  options: { retentionMs: number; leaseMs: number },
): Promise<IdempotencyClaim> {
  const claimed = await db.query(
    `insert into idempotency_keys (account_id, mode, key, request_hash, method, path, status, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, 'in_flight', $7, $8)
     on conflict (account_id, mode, key) do update
       set request_hash = excluded.request_hash, method = excluded.method, path = excluded.path, status = 'in_flight',
           response_status = null, response_headers = null, response_body = null,
           created_at = excluded.created_at, expires_at = excluded.expires_at
       where idempotency_keys.expires_at <= $7
          or (idempotency_keys.status = 'in_flight' and idempotency_keys.created_at <= $9
              and idempotency_keys.request_hash = excluded.request_hash)
     returning 1`,
    [
      scope.accountId,
      scope.mode,
      scope.key,
      request.hash,
      request.method,
      request.path,
      now,
      new Date(now.getTime() + options.retentionMs),
      new Date(now.getTime() - options.leaseMs),
    ],
  );
  if (claimed.length > 0) return { state: 'claimed' };

  const [row] = await db.query<KeyRow>(
    `select request_hash, status, response_status, response_headers, response_body
     from idempotency_keys where account_id = $1 and mode = $2 and key = $3`,
    [scope.accountId, scope.mode, scope.key],
  );
  // Gone between the two statements (another request released it): the caller may simply try again.
  if (!row) return { state: 'in_flight' };
  if (row.request_hash !== request.hash) return { state: 'mismatch' };
  if (row.status === 'in_flight' || row.response_status === null) return { state: 'in_flight' };
  return {
    state: 'completed',
    response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body ?? '' },
  };
}

export async function completeIdempotencyKey(db: Db, scope: IdempotencyScope, response: StoredResponse): Promise<void> {
  await db.query(
    `update idempotency_keys set status = 'completed', response_status = $4, response_headers = $5, response_body = $6
     where account_id = $1 and mode = $2 and key = $3`,
    [scope.accountId, scope.mode, scope.key, response.status, response.headers, response.body],
  );
}

/** Forgets a claim whose request failed on our side, so the client's retry runs it again. */
export async function releaseIdempotencyKey(db: Db, scope: IdempotencyScope): Promise<void> {
  await db.query(
    `delete from idempotency_keys where account_id = $1 and mode = $2 and key = $3 and status = 'in_flight'`,
    [scope.accountId, scope.mode, scope.key],
  );
}

export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const rows = await db.query(`delete from idempotency_keys where expires_at <= $1 returning 1`, [now]);
  return rows.length;
}
