import postgres from 'postgres';
import { DbClosedError, listenOnTransaction, normalizeParams, parseInt8, TransactionScope, type Db } from './db';

export interface OpenPostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

/**
 * Every query runs as a named prepared statement, cached per connection. `unsafe()` defaults to unnamed ones,
 * which postgres.js sends as Parse + Describe, waits, then Bind + Execute: two round trips and a fresh parse and
 * plan for every parameterised query. Our query texts are fixed strings, so each is prepared once per connection.
 */
const prepared = { prepare: true } as const;

export function openPostgres(url: string, options: OpenPostgresOptions = {}): Db {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Same values as PGlite (see Db): int8 → number, everything else is postgres.js' default.
    types: {
      int8: { to: 20, from: [20], serialize: (x: unknown) => String(x), parse: parseInt8 },
    },
    connection: { application_name: 'solifyn-api' },
  });
  const scope = new TransactionScope();
  let closed = false;
  const guard = (): void => {
    if (closed) throw new DbClosedError();
    scope.assertOutside();
  };
  return {
    engine: 'postgres',
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      guard();
      return [
        ...(await sql.unsafe(text, normalizeParams(params) as postgres.ParameterOrJSON<never>[], prepared)),
      ] as T[];
    },
    async exec(script: string): Promise<void> {
      guard();
      await sql.unsafe(script).simple();
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      guard();
      return scope.run(() => sql.begin((tx) => fn(txDb(tx)))) as Promise<T>;
    },
    // postgres.js keeps one dedicated connection for LISTEN and re-listens after a reconnect (calling onListening).
    async listen(channel, onMessage, onListening) {
      guard();
      const { unlisten } = await sql.listen(channel, onMessage, onListening);
      return unlisten;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await sql.end({ timeout: 5 });
    },
  };
}

function txDb(tx: postgres.TransactionSql): Db {
  const db: Db = {
    engine: 'postgres',
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      return [
        ...(await tx.unsafe(text, normalizeParams(params) as postgres.ParameterOrJSON<never>[], prepared)),
      ] as T[];
    },
    async exec(script: string): Promise<void> {
      await tx.unsafe(script).simple();
    },
    transaction: (fn) => fn(db),
    listen: listenOnTransaction,
    close: () => Promise.reject(new Error('close() called on a transaction handle')),
  };
  return db;
}
