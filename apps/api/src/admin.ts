import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  adminSocketPath,
  AdminSocketError,
  AdminSocketUnavailableError,
  requestKeyViaSocket,
  type IssuedKeyJson,
} from './admin-socket';
import { loadConfig, type Config } from './config';
import { AccountNotFoundError, issueApiKey, MODES, type Mode } from './store/accounts';
import { DataDirInUseError } from './store/lock';
import { openDb } from './store/open';

/**
 * `pnpm admin create-key --mode test|live [--account ID]` → one line of JSON {"account_id","key","mode"}.
 * With DATABASE_URL it talks to PostgreSQL; on the embedded store it opens the data dir itself, or, when a
 * running server holds it, asks that server over DATA_DIR/admin.sock.
 */

export const USAGE = 'usage: pnpm admin create-key --mode test|live [--account ACCOUNT_ID]';

export class UsageError extends Error {
  override name = 'UsageError';
}

export async function runAdmin(argv: string[], config: Config = loadConfig()): Promise<string> {
  const [command, ...rest] = argv;
  if (command !== 'create-key') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  let values: { mode?: string; account?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { mode: { type: 'string' }, account: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.mode || !MODES.includes(values.mode as Mode)) throw new UsageError('--mode must be "test" or "live"');
  if (values.account !== undefined && values.account.trim() === '') throw new UsageError('--account must not be empty');
  const issued = await createKey(config, { mode: values.mode as Mode, accountId: values.account });
  return JSON.stringify(issued);
}

async function createKey(config: Config, input: { mode: Mode; accountId: string | undefined }): Promise<IssuedKeyJson> {
  let db;
  try {
    db = await openDb(config);
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    return viaServer(config, input, err);
  }
  try {
    const key = await issueApiKey(db, input);
    return { account_id: key.accountId, key: key.secret, mode: key.mode };
  } finally {
    await db.close();
  }
}

async function viaServer(
  config: Config,
  input: { mode: Mode; accountId: string | undefined },
  inUse: DataDirInUseError,
): Promise<IssuedKeyJson> {
  try {
    return await requestKeyViaSocket(adminSocketPath(config.dataDir), input);
  } catch (err) {
    if (err instanceof AdminSocketError && err.code === 'account_not_found')
      throw new AccountNotFoundError(input.accountId ?? '');
    if (err instanceof AdminSocketUnavailableError) {
      throw new Error(`${inUse.message}, and that process does not answer on ${err.path}`, { cause: err });
    }
    throw err;
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
