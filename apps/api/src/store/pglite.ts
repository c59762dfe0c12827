import { mkdirSync } from 'node:fs';
import { PGlite, types, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { DbClosedError, listenOnTransaction, normalizeParams, parseInt8, TransactionScope, type Db } from './db';
import { acquireDataDirLock, type DataDirLock } from './lock';
import { PgliteStatements } from './pglite-statements';

/** Type handling that makes PGlite return the same values as our postgres.js setup (see Db). */
export const pgliteTypeOptions = {
  parsers: {
    [types.INT8]: parseInt8,
    [types.BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex'),
  },
  serializers: {
    [types.JSON]: (value: unknown) => JSON.stringify(value),
    [types.JSONB]: (value: unknown) => JSON.stringify(value),
  },
} satisfies Pick<PGliteOptions, 'parsers' | 'serializers'>;

export interface OpenPgliteOptions {
  /** On-disk data directory (locked against other processes). Omit for an in-memory database. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from instead of running initdb. */
  loadDataDir?: Blob;
}

export async function openPglite(options: OpenPgliteOptions = {}): Promise<Db> {
  let lock: DataDirLock | undefined;
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    lock = acquireDataDirLock(options.dataDir);
  }
  try {
    const pg = await PGlite.create({
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
      ...pgliteTypeOptions,
    });
    return wrapPglite(pg, () => lock?.release());
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** Wraps an already created PGlite (created with `pgliteTypeOptions`). `close()` closes it, then runs `onClose`. */
export function wrapPglite(pg: PGlite, onClose?: () => void): Db {
  const scope = new TransactionScope();
  const statements = new PgliteStatements(pg);
  let closed = false;
  const guard = (): void => {
    if (closed) throw new DbClosedError();
    scope.assertOutside();
  };
  return {
    engine: 'pglite',
    // pg.query/exec/transaction share one mutex, so a query issued while a transaction is open waits for it.
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      guard();
      if (!statements.accepts(text)) return (await pg.query<T>(text, normalizeParams(params))).rows;
      // The same two locks as pg.query(): never inside another caller's open transaction.
      const rows = await pg._runExclusiveTransaction(() =>
        pg._runExclusiveQuery(() => statements.run<T>(text, normalizeParams(params))),
      );
      await pg.syncToFs();
      return rows;
    },
    async exec(script: string): Promise<void> {
      guard();
      await pg.exec(script);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      guard();
      return scope.run(() => pg.transaction((tx) => fn(txDb(pg, tx, statements))));
    },
    // PGlite delivers a notification before the statement that raised it resolves: nothing is ever missed.
    async listen(channel, onMessage, onListening) {
      guard();
      const unlisten = await pg.listen(channel, onMessage);
      onListening?.();
      return unlisten;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        onClose?.();
      }
    },
  };
}

function txDb(pg: PGlite, tx: Transaction, statements: PgliteStatements): Db {
  const db: Db = {
    engine: 'pglite',
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (tx.closed || !statements.accepts(text)) return (await tx.query<T>(text, normalizeParams(params))).rows;
      return pg._runExclusiveQuery(() => statements.run<T>(text, normalizeParams(params)));
    },
    async exec(script: string): Promise<void> {
      await tx.exec(script);
    },
    transaction: (fn) => fn(db),
    listen: listenOnTransaction,
    close: () => Promise.reject(new Error('close() called on a transaction handle')),
  };
  return db;
}
