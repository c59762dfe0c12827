import { hash, timingSafeEqual } from 'node:crypto';
import { randomBase62, randomId } from '../domain/ids';
import type { Mode } from '../domain/scope';
import type { StoreCache } from './cache';
import type { Db } from './db';

export const MODES: readonly Mode[] = ['test', 'live'];

export interface Account {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiKey {
  id: string;
  accountId: string;
  mode: Mode;
  /** First 12 characters of the secret (`sk_test_AbCd`), safe to display. */
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** Set when the key was rolled (`pnpm admin roll-key`): it stops working then. */
  expiresAt: Date | null;
  /** When a request last authenticated with it, to within a minute (jobs/key-usage.ts); null if never. */
  lastUsedAt: Date | null;
}

/** Returned once, at creation: the secret is not stored and cannot be shown again. */
export interface IssuedApiKey extends ApiKey {
  secret: string;
}

export class AccountNotFoundError extends Error {
  override name = 'AccountNotFoundError';
  constructor(readonly accountId: string) {
    super(`Account ${accountId} does not exist`);
  }
}

export class ApiKeyNotFoundError extends Error {
  override name = 'ApiKeyNotFoundError';
  constructor(readonly keyId: string) {
    super(`API key ${keyId} does not exist`);
  }
}

const SECRET_RANDOM_LENGTH = 32;
const KEY_PREFIX_LENGTH = 12;
const SECRET_PATTERN = /^sk_(test|live)_[A-Za-z0-9]{32}$/;

interface AccountRow {
  id: string;
  name: string;
  created_at: Date;
}

interface ApiKeyRow {
  id: string;
  account_id: string;
  mode: Mode;
  key_hash: Buffer;
  key_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
  expires_at: Date | null;
  last_used_at: Date | null;
}

const keyColumns = 'id, account_id, mode, key_hash, key_prefix, created_at, revoked_at, expires_at, last_used_at';

const toAccount = (r: AccountRow): Account => ({ id: r.id, name: r.name, createdAt: r.created_at });
const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  accountId: r.account_id,
  mode: r.mode,
  keyPrefix: r.key_prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

export function hashSecret(secret: string): Buffer {
  return Buffer.from(hashSecretHex(secret), 'hex');
}

/** The same sha256 as hex: the key cache's key, worked out once per request with the one-shot `crypto.hash`. */
function hashSecretHex(secret: string): string {
  return hash('sha256', secret, 'hex');
}

export async function createAccount(db: Db, input: { name?: string } = {}): Promise<Account> {
  const [row] = await db.query<AccountRow>(
    'insert into accounts (id, name) values ($1, $2) returning id, name, created_at',
    [randomId('acct'), input.name ?? 'Default account'],
  );
  return toAccount(row!);
}

export async function getAccount(db: Db, accountId: string): Promise<Account | null> {
  const [row] = await db.query<AccountRow>('select id, name, created_at from accounts where id = $1', [accountId]);
  return row ? toAccount(row) : null;
}

/** New secret `sk_{mode}_` + 32 base62; only its sha256 is stored. Throws AccountNotFoundError. */
export async function createApiKey(db: Db, input: { accountId: string; mode: Mode }): Promise<IssuedApiKey> {
  const secret = `sk_${input.mode}_${randomBase62(SECRET_RANDOM_LENGTH)}`;
  // insert … select: an unknown account yields no row instead of an FK error, in one round trip.
  const [row] = await db.query<ApiKeyRow>(
    `insert into api_keys (id, account_id, mode, key_hash, key_prefix)
     select $1, a.id, $3, $4, $5 from accounts a where a.id = $2
     returning ${keyColumns}`,
    [randomId('key'), input.accountId, input.mode, hashSecret(secret), secret.slice(0, KEY_PREFIX_LENGTH)],
  );
  if (!row) throw new AccountNotFoundError(input.accountId);
  return { ...toApiKey(row), secret };
}

/**
 * The active key for a presented secret, or null (malformed, unknown, revoked, or mode prefix not matching the
 * stored mode). Looked up by its hash — through `cache` when given, so a known key costs no SQL — then the
 * hashes are compared in constant time.
 */
export async function authenticateSecret(
  db: Db,
  secret: string,
  cache?: StoreCache,
  now: Date = new Date(),
): Promise<ApiKey | null> {
  const match = SECRET_PATTERN.exec(secret);
  if (!match) return null;
  const hex = hashSecretHex(secret);
  const digest = Buffer.from(hex, 'hex');
  const row = cache
    ? (cache.cached<ApiKeyRow>('key', hex) ??
      (await cache.read('key', hex, () => findActiveKeyRow(db, digest), keyTag)))
    : await findActiveKeyRow(db, digest);
  if (!row || row.key_hash.length !== digest.length || !timingSafeEqual(row.key_hash, digest)) return null;
  if (row.mode !== match[1]) return null;
  // A rolled key works until its expiry: checked on every request, so a cached row is refused on time.
  if (row.expires_at !== null && row.expires_at.getTime() <= now.getTime()) return null;
  return toApiKey(row);
}

const keyTag = (row: ApiKeyRow) => `key:${row.id}`;

async function findActiveKeyRow(db: Db, hash: Buffer): Promise<ApiKeyRow | null> {
  const [row] = await db.query<ApiKeyRow>(
    `select ${keyColumns} from api_keys where key_hash = $1 and revoked_at is null`,
    [hash],
  );
  return row ?? null;
}

/** The active key for a presented secret (see `authenticateSecret`), read from the database. */
export function findApiKeyBySecret(db: Db, secret: string): Promise<ApiKey | null> {
  return authenticateSecret(db, secret);
}

/** Revokes a key of the account; revoking twice keeps the first revocation time. Throws ApiKeyNotFoundError. */
export async function revokeApiKey(db: Db, input: { accountId: string; keyId: string }): Promise<ApiKey> {
  const [row] = await db.query<ApiKeyRow>(
    `update api_keys set revoked_at = coalesce(revoked_at, now())
     where id = $1 and account_id = $2
     returning ${keyColumns}`,
    [input.keyId, input.accountId],
  );
  if (!row) throw new ApiKeyNotFoundError(input.keyId);
  return toApiKey(row);
}

/**
 * Admin operation: revokes a key by its id, whatever its account; revoking twice keeps the first time. The
 * api_keys trigger tells every replica's cache (store/cache.ts). Throws ApiKeyNotFoundError.
 */
export async function revokeApiKeyById(db: Db, keyId: string): Promise<ApiKey> {
  const [row] = await db.query<ApiKeyRow>(
    `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1
     returning ${keyColumns}`,
    [keyId],
  );
  if (!row) throw new ApiKeyNotFoundError(keyId);
  return toApiKey(row);
}

export class ApiKeyInactiveError extends Error {
  override name = 'ApiKeyInactiveError';
  constructor(
    readonly keyId: string,
    readonly state: 'revoked' | 'expired',
  ) {
    super(`API key ${keyId} is ${state}`);
  }
}

/** Admin operation: every key, of one account or all, oldest first — revoked and expired ones included. */
export async function listApiKeys(db: Db, filter: { accountId?: string } = {}): Promise<ApiKey[]> {
  const rows = await db.query<ApiKeyRow>(
    `select ${keyColumns} from api_keys where ($1::text is null or account_id = $1) order by created_at, id`,
    [filter.accountId ?? null],
  );
  return rows.map(toApiKey);
}

/**
 * Admin operation: a new key for the same account and mode, and the old one expiring at `oldExpiresAt` (it keeps
 * working until then, as Stripe's rolled keys do; an earlier expiry is kept). One transaction; the api_keys trigger
 * tells every replica's cache. Throws ApiKeyNotFoundError, or ApiKeyInactiveError for a revoked or expired key.
 */
export async function rollApiKey(
  db: Db,
  input: { keyId: string; oldExpiresAt: Date; now: Date },
): Promise<{ issued: IssuedApiKey; previous: ApiKey }> {
  return db.transaction(async (tx) => {
    const [current] = await tx.query<ApiKeyRow>(`select ${keyColumns} from api_keys where id = $1 for update`, [
      input.keyId,
    ]);
    if (!current) throw new ApiKeyNotFoundError(input.keyId);
    if (current.revoked_at !== null) throw new ApiKeyInactiveError(input.keyId, 'revoked');
    if (current.expires_at !== null && current.expires_at.getTime() <= input.now.getTime()) {
      throw new ApiKeyInactiveError(input.keyId, 'expired');
    }
    const [previous] = await tx.query<ApiKeyRow>(
      `update api_keys set expires_at = least(coalesce(expires_at, $2), $2) where id = $1 returning ${keyColumns}`,
      [input.keyId, input.oldExpiresAt],
    );
    const issued = await createApiKey(tx, { accountId: current.account_id, mode: current.mode });
    return { issued, previous: toApiKey(previous!) };
  });
}

/** When each key was last used (as recorded in memory by jobs/key-usage.ts): one statement, later times win. */
export async function recordApiKeyUsage(db: Db, usage: ReadonlyMap<string, Date>): Promise<void> {
  if (usage.size === 0) return;
  await db.query(
    `update api_keys k set last_used_at = greatest(k.last_used_at, u.used_at)
     from unnest($1::text[], $2::timestamptz[]) as u(id, used_at) where k.id = u.id`,
    [[...usage.keys()], [...usage.values()].map((at) => at.toISOString())],
  );
}

/** Admin operation: a new key for `accountId`, or for a new account when it is omitted (one transaction). */
export async function issueApiKey(db: Db, input: { mode: Mode; accountId?: string }): Promise<IssuedApiKey> {
  return db.transaction(async (tx) => {
    const accountId = input.accountId ?? (await createAccount(tx)).id;
    return createApiKey(tx, { accountId, mode: input.mode });
  });
}
