import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  adminSocketPath,
  AdminSocketError,
  AdminSocketUnavailableError,
  keyJson,
  type KeyJson,
  listKeysViaSocket,
  maxRollExpirySeconds,
  rollKeyJson,
  rollKeyViaSocket,
  type RolledKeyJson,
  requestKeyViaSocket,
  revokedKeyJson,
  revokeKeyViaSocket,
  type IssuedKeyJson,
  type RevokedKeyJson,
} from './admin-socket';
import { loadConfig, type Config } from './config';
import type { Mode } from './domain/scope';
import {
  AccountNotFoundError,
  ApiKeyInactiveError,
  ApiKeyNotFoundError,
  issueApiKey,
  listApiKeys,
  MODES,
  revokeApiKeyById,
} from './store/accounts';
import type { Db } from './store/db';
import { DataDirInUseError } from './store/lock';
import { openDb } from './store/open';

/**
 * `pnpm admin create-key --mode test|live [--account ID]` → one line of JSON {"account_id","key","mode"}.
 * `pnpm admin revoke-key --key-id ID` → one line of JSON {"key_id","account_id","mode","revoked_at"}; every
 * replica refuses the key within 1 s (store/cache.ts).
 * `pnpm admin list-keys [--account ID]` → one line of JSON {"keys": [{key_id, account_id, mode, prefix, created_at,
 * last_used_at, revoked_at, expires_at}]}, never a secret.
 * `pnpm admin roll-key --key-id ID [--expires-in 24h]` → one line of JSON {key_id, key, account_id, mode, previous}:
 * a new key now; the old one keeps working until it expires (`0s` ends it at once; at most 30d).
 * With DATABASE_URL it talks to PostgreSQL; on the embedded store it opens the data dir itself, or, when a
 * running server holds it, asks that server over DATA_DIR/admin.sock.
 */

export const USAGE = [
  'usage: pnpm admin create-key --mode test|live [--account ACCOUNT_ID]',
  '       pnpm admin list-keys [--account ACCOUNT_ID]',
  '       pnpm admin roll-key --key-id KEY_ID [--expires-in 24h]',
  '       pnpm admin revoke-key --key-id KEY_ID',
].join('\n');

/** `--expires-in`: a whole number of s, m, h or d, up to 30 days. */
export function parseExpiresIn(raw: string): number {
  const match = /^(\d{1,7})(s|m|h|d)$/.exec(raw);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
  const seconds = match ? Number(match[1]) * unit[match[2] as keyof typeof unit] : Number.NaN;
  if (!(seconds <= maxRollExpirySeconds)) {
    throw new UsageError('--expires-in must be a duration like 30m, 24h or 7d, at most 30d');
  }
  return seconds;
}

const keyIdPattern = /^key_[A-Za-z0-9]{1,64}$/;

export class UsageError extends Error {
  override name = 'UsageError';
}

export async function runAdmin(argv: string[], config: Config = loadConfig()): Promise<string> {
  const [command, ...rest] = argv;
  if (command === 'revoke-key') {
    const { 'key-id': keyId } = parse(rest, { 'key-id': { type: 'string' } });
    if (!keyId || !keyIdPattern.test(keyId)) throw new UsageError('--key-id must be a key id (key_…)');
    return JSON.stringify(await revokeKey(config, keyId));
  }
  if (command === 'list-keys') {
    const { account } = parse(rest, { account: { type: 'string' } });
    if (account !== undefined && account.trim() === '') throw new UsageError('--account must not be empty');
    return JSON.stringify(await listKeys(config, account));
  }
  if (command === 'roll-key') {
    const values = parse(rest, { 'key-id': { type: 'string' }, 'expires-in': { type: 'string' } });
    const keyId = values['key-id'];
    if (!keyId || !keyIdPattern.test(keyId)) throw new UsageError('--key-id must be a key id (key_…)');
    return JSON.stringify(await rollKey(config, keyId, parseExpiresIn(values['expires-in'] ?? '24h')));
  }
  if (command !== 'create-key') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const values = parse(rest, { mode: { type: 'string' }, account: { type: 'string' } });
  if (!values.mode || !MODES.includes(values.mode as Mode)) throw new UsageError('--mode must be "test" or "live"');
  if (values.account !== undefined && values.account.trim() === '') throw new UsageError('--account must not be empty');
  const issued = await createKey(config, { mode: values.mode as Mode, accountId: values.account });
  return JSON.stringify(issued);
}

function parse<O extends Record<string, { type: 'string' }>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as {
      [K in keyof O]?: string;
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function createKey(config: Config, input: { mode: Mode; accountId: string | undefined }): Promise<IssuedKeyJson> {
  return onStore(
    config,
    async (db) => {
      const key = await issueApiKey(db, input);
      return { account_id: key.accountId, key: key.secret, mode: key.mode };
    },
    (socket) => requestKeyViaSocket(socket, input),
    (err) => {
      if (err instanceof AdminSocketError && err.code === 'account_not_found')
        throw new AccountNotFoundError(input.accountId ?? '');
    },
  );
}

function listKeys(config: Config, accountId: string | undefined): Promise<{ keys: KeyJson[] }> {
  return onStore(
    config,
    async (db) => ({ keys: (await listApiKeys(db, { accountId })).map(keyJson) }),
    (socket) => listKeysViaSocket(socket, accountId),
    () => {},
  );
}

function rollKey(config: Config, keyId: string, expiresInSeconds: number): Promise<RolledKeyJson> {
  return onStore(
    config,
    (db) => rollKeyJson(db, keyId, expiresInSeconds),
    (socket) => rollKeyViaSocket(socket, keyId, expiresInSeconds),
    (err) => {
      if (err instanceof AdminSocketError && err.code === 'key_not_found') throw new ApiKeyNotFoundError(keyId);
      if (err instanceof AdminSocketError && (err.code === 'key_revoked' || err.code === 'key_expired')) {
        throw new ApiKeyInactiveError(keyId, err.code === 'key_revoked' ? 'revoked' : 'expired');
      }
    },
  );
}

function revokeKey(config: Config, keyId: string): Promise<RevokedKeyJson> {
  return onStore(
    config,
    async (db) => revokedKeyJson(await revokeApiKeyById(db, keyId)),
    (socket) => revokeKeyViaSocket(socket, keyId),
    (err) => {
      if (err instanceof AdminSocketError && err.code === 'key_not_found') throw new ApiKeyNotFoundError(keyId);
    },
  );
}

/**
 * Runs an admin operation on the store directly or, when a running server holds the embedded data dir, through
 * that server's admin socket (`rethrow` turns its error codes back into ours).
 */
async function onStore<T>(
  config: Config,
  direct: (db: Db) => Promise<T>,
  viaSocket: (socketPath: string) => Promise<T>,
  rethrow: (err: unknown) => void,
): Promise<T> {
  let db;
  try {
    db = await openDb(config);
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    try {
      return await viaSocket(adminSocketPath(config.dataDir));
    } catch (socketErr) {
      rethrow(socketErr);
      if (socketErr instanceof AdminSocketUnavailableError) {
        throw new Error(`${err.message}, and that process does not answer on ${socketErr.path}`, { cause: socketErr });
      }
      throw socketErr;
    }
  }
  try {
    return await direct(db);
  } finally {
    await db.close();
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runAdmin(process.argv.slice(2)).then(
    (line) => process.stdout.write(`${line}\n`),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`error: ${message}\n${err instanceof UsageError ? `${USAGE}\n` : ''}`);
      process.exitCode = 1;
    },
  );
}
