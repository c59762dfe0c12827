import { AsyncLocalStorage } from 'node:async_hooks';

export type Engine = 'pglite' | 'postgres';

/**
 * The only database handle the rest of the app sees. Both engines speak the same SQL ($1-style placeholders)
 * and return the same JS values:
 *   int2/int4/int8/bigserial → number (int8 beyond 2^53 → bigint; our amounts never get there)
 *   numeric → string (lossless; parse deliberately)      timestamptz → Date
 *   json/jsonb → parsed value; a parameter bound to json/jsonb is always JSON.stringify'd (a JS string becomes a JSON string)
 *   bytea → Buffer        arrays → JS arrays        uuid → string        undefined parameters → NULL
 */
export interface Db {
  readonly engine: Engine;
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a multi-statement script without parameters (migrations, truncation). */
  exec(script: string): Promise<void>;
  /** BEGIN … COMMIT, ROLLBACK if `fn` throws. Called on a transaction handle it just runs `fn(tx)`. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel` (root handle only): `onMessage` gets each notification's payload, `onListening` runs each
   * time the listen is established (again after a reconnect, when notifications may have been missed). Resolves
   * once listening, with the function that stops it.
   */
  listen(channel: string, onMessage: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** SQLSTATE codes the app reacts to. */
export const PgCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export interface DbErrorInfo {
  code: string;
  constraint: string | undefined;
}

/** SQLSTATE and constraint name of an error thrown by either driver, or undefined for non-database errors. */
export function dbErrorInfo(err: unknown): DbErrorInfo | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; constraint_name?: unknown; severity?: unknown };
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity === undefined) return undefined;
  // postgres.js calls it constraint_name, PGlite (pg-protocol) constraint.
  const constraint = e.constraint_name ?? e.constraint;
  return { code: e.code, constraint: typeof constraint === 'string' ? constraint : undefined };
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const info = dbErrorInfo(err);
  return info?.code === PgCode.uniqueViolation && (constraint === undefined || info.constraint === constraint);
}

/** Using the outer handle inside `transaction(fn)` would run outside the transaction on PostgreSQL and deadlock
 *  on PGlite (single connection); both are bugs, so it fails fast instead. */
export class TransactionMisuseError extends Error {
  override name = 'TransactionMisuseError';
  constructor() {
    super('The root Db handle was used inside transaction(); use the tx handle passed to the callback');
  }
}

export class DbClosedError extends Error {
  override name = 'DbClosedError';
  constructor() {
    super('The database handle is closed');
  }
}

/**
 * Whether root handles check for use inside their own transaction. On in the test suite (vitest sets VITEST) or with
 * SOLIFYN_TRANSACTION_GUARD=on, off otherwise: on Node 20 an AsyncLocalStorage that has run once installs promise
 * hooks that every `await` in the process then pays for (about 5 % of a request's CPU).
 */
export const transactionGuardEnabled =
  process.env.VITEST !== undefined || process.env.SOLIFYN_TRANSACTION_GUARD === 'on';

/** Marks the async context of an open transaction so the owning root handle can detect misuse (when enabled). */
export class TransactionScope {
  readonly #storage = transactionGuardEnabled ? new AsyncLocalStorage<true>() : null;
  assertOutside(): void {
    if (this.#storage?.getStore()) throw new TransactionMisuseError();
  }
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#storage ? this.#storage.run(true, fn) : fn();
  }
}

export function listenOnTransaction(): never {
  throw new Error('listen() needs the root Db handle, not a transaction');
}

export function normalizeParams(params: readonly unknown[] | undefined): unknown[] {
  return params ? params.map((p) => (p === undefined ? null : p)) : [];
}

/** int8 text → number when exact, else bigint (never silently rounded). */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
