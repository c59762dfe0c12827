import { timingSafeEqual } from 'node:crypto';
import { hashSecret, type Mode } from './accounts';
import type { Db } from './db';

const secretPattern = /^sk_(test|live)_[A-Za-z0-9]{32}$/;

export interface AuthenticatedKey {
  keyId: string;
  accountId: string;
  mode: Mode;
  /** Requests made with this key in the current rate-limit window, this one included (null when not counted). */
  requestsInWindow: number | null;
}

interface Row {
  id: string;
  account_id: string;
  mode: Mode;
  key_hash: Buffer;
  hits: number | null;
}

/**
 * The active key for a presented secret, counting the request against the key's rate-limit window in the same
 * round trip. Lookup by the hash's unique index, then a constant-time comparison of the hashes.
 */
export async function authenticateSecret(
  db: Db,
  secret: string,
  windowStart: Date | null,
): Promise<AuthenticatedKey | null> {
  const match = secretPattern.exec(secret);
  if (!match) return null;
  const hash = hashSecret(secret);
  const [row] = windowStart
    ? await db.query<Row>(
        `with key as (
           select id, account_id, mode, key_hash from api_keys where key_hash = $1 and revoked_at is null
         ), hit as (
           insert into rate_limit_windows (api_key_id, window_start, count)
           select id, $2, 1 from key
           on conflict (api_key_id, window_start) do update set count = rate_limit_windows.count + 1
           returning count
         )
         select key.id, key.account_id, key.mode, key.key_hash, (select count from hit) as hits from key`,
        [hash, windowStart],
      )
    : await db.query<Row>(
        `select id, account_id, mode, key_hash, null::integer as hits from api_keys where key_hash = $1 and revoked_at is null`,
        [hash],
      );
  if (!row || row.key_hash.length !== hash.length || !timingSafeEqual(row.key_hash, hash)) return null;
  if (row.mode !== match[1]) return null;
  return { keyId: row.id, accountId: row.account_id, mode: row.mode, requestsInWindow: row.hits };
}

export async function deleteRateLimitWindowsBefore(db: Db, before: Date): Promise<number> {
  const rows = await db.query(`delete from rate_limit_windows where window_start < $1 returning 1`, [before]);
  return rows.length;
}
