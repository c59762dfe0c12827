import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { Mode } from '../../src/domain/scope';
import { issueApiKey } from '../../src/store/accounts';
import { StoreCache } from '../../src/store/cache';
import type { Db } from '../../src/store/db';
import { migrate, MigrationError } from '../../src/store/migrate';
import { openPglite, pgliteTypeOptions } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import { readTemplate } from './template';

/**
 * Test database harness. Each vitest worker owns one migrated database, reused by every test file it runs
 * (vitest runs with isolate: false) and emptied before every test by test/support/setup.ts — so create
 * fixtures in beforeEach or in the test itself, never in beforeAll.
 *   pglite project:   an in-memory PGlite loaded from the template built by global-setup.ts
 *   postgres project: database `<dbname>_w<VITEST_POOL_ID>` next to DATABASE_URL's, created and migrated once
 */

export type TestEngine = 'pglite' | 'postgres';

export function testEngine(): TestEngine {
  return inject('testEngine');
}

interface WorkerState {
  db: Promise<Db>;
  resetScript?: Promise<string>;
}

// On globalThis rather than module scope so the instance survives module re-evaluation between files.
const STATE_KEY = Symbol.for('solifyn.test.db');
const globals = globalThis as { [STATE_KEY]?: WorkerState };

/** The worker's shared database (opened on first use, ~1.4 s on PGlite). */
export function testDb(): Promise<Db> {
  globals[STATE_KEY] ??= { db: openWorkerDb() };
  return globals[STATE_KEY].db;
}

const caches = new WeakMap<Db, Promise<StoreCache>>();

/** The store cache over `db` that every app on it shares (one LISTEN per database handle, as in a server). */
export function testCache(db: Db): Promise<StoreCache> {
  let cache = caches.get(db);
  if (!cache) {
    const created = new StoreCache(db);
    caches.set(db, (cache = created.start().then(() => created)));
  }
  return cache;
}

export function testDbOpened(): boolean {
  return globals[STATE_KEY] !== undefined;
}

/**
 * Empties every table except schema_migrations, in one round trip. DELETE in foreign-key order rather than
 * TRUNCATE … CASCADE: on PGlite a TRUNCATE of our tables costs 60–400 ms (new relation files in the wasm FS),
 * the DELETEs ~2 ms for the few rows a test writes.
 */
export async function resetDb(): Promise<void> {
  const state = globals[STATE_KEY];
  if (!state) return;
  const db = await state.db;
  state.resetScript ??= resetScript(db);
  const script = await state.resetScript;
  await db.transaction((tx) => tx.exec(script));
}

/** DELETE statements ordered so referencing tables come first (deferrable FKs are checked at commit). */
async function resetScript(db: Db): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `select tablename as name from pg_tables
     where schemaname = 'public' and tablename <> 'schema_migrations' order by tablename`,
  );
  const edges = await db.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent
     from pg_constraint c
     join pg_namespace n on n.oid = c.connamespace
     join pg_class child on child.oid = c.conrelid
     join pg_class parent on parent.oid = c.confrelid
     where c.contype = 'f' and n.nspname = 'public' and not c.condeferrable and c.conrelid <> c.confrelid`,
  );
  const ordered: string[] = [];
  const pending = new Set(tables.map((t) => t.name));
  while (pending.size > 0) {
    // A table can go once no pending table references it.
    const ready = [...pending].filter(
      (t) => !edges.some((e) => e.parent === t && e.child !== t && pending.has(e.child)),
    );
    if (ready.length === 0)
      throw new Error(`Foreign-key cycle among ${[...pending].join(', ')}; make one FK deferrable`);
    for (const t of ready) {
      ordered.push(t);
      pending.delete(t);
    }
  }
  return ordered.map((t) => `delete from ${quoteIdent(t)};`).join('\n');
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface TestAccount {
  account_id: string;
  key: string;
  key_id: string;
  mode: Mode;
}

/** A new account with one API key (same shape as `pnpm admin create-key` prints, plus key_id). */
export async function createTestAccount(mode: Mode = 'test', db?: Db): Promise<TestAccount> {
  const issued = await issueApiKey(db ?? (await testDb()), { mode });
  return { account_id: issued.accountId, key: issued.secret, key_id: issued.id, mode: issued.mode };
}

/**
 * A private, freshly migrated database for tests that must not touch the shared one (migration tests,
 * schema changes). The caller closes it; on PostgreSQL close() also drops it.
 */
export async function openScratchDb(): Promise<Db> {
  if (testEngine() === 'pglite') return openPglite({ loadDataDir: readTemplate(inject('pgliteTemplate')) });
  const name = `${workerDatabaseName()}_s${++scratchCounter}`;
  await withAdmin(async (admin) => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  });
  const db = openPostgres(databaseUrlFor(name), { max: 4 });
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await withAdmin((admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
    },
  };
}
let scratchCounter = 0;

/** An empty (unmigrated) scratch database: only on PostgreSQL, where it is cheap. Closing drops it. */
export async function openEmptyPostgresDb(): Promise<Db> {
  const name = `${workerDatabaseName()}_e${++scratchCounter}`;
  await withAdmin(async (admin) => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  });
  const db = openPostgres(databaseUrlFor(name), { max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      await withAdmin((admin) => admin.unsafe(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * The URL of a new, empty PostgreSQL database (dropped by `drop()`) for a server process the test starts itself,
 * which migrates it as it would in production.
 */
export async function emptyPostgresDatabase(suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${workerDatabaseName()}_${suffix}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsupported test database name: ${name}`);
  await withAdmin(async (admin) => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  });
  return {
    url: databaseUrlFor(name),
    drop: () => withAdmin((admin) => admin.unsafe(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** Fills `dataDir` with the migrated template so the real open path (lock + reopen, ~0.6 s) can be tested. */
export async function createDataDirFromTemplate(dataDir: string): Promise<void> {
  const pg = await PGlite.create({
    dataDir,
    loadDataDir: readTemplate(inject('pgliteTemplate')),
    ...pgliteTypeOptions,
  });
  await pg.close();
}

async function openWorkerDb(): Promise<Db> {
  if (testEngine() === 'pglite') return openPglite({ loadDataDir: readTemplate(inject('pgliteTemplate')) });
  const name = workerDatabaseName();
  await withAdmin(async (admin) => {
    const [exists] = await admin.unsafe('select 1 from pg_database where datname = $1', [name]);
    if (!exists) await admin.unsafe(`create database ${name}`);
  });
  process.env.DATABASE_URL = databaseUrlFor(name); // code under test that calls loadConfig() sees the worker's db
  let db = openPostgres(databaseUrlFor(name), { max: 5 });
  try {
    await migrate(db);
  } catch (err) {
    if (!(err instanceof MigrationError)) throw err;
    // Left over from a run with different migrations: start over.
    await db.close();
    await withAdmin(async (admin) => {
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
    });
    db = openPostgres(databaseUrlFor(name), { max: 5 });
    await migrate(db);
  }
  // The worker's database outlives a run: the first test of this one must not see the last one's rows (setup's
  // resetDb runs before the first test opens the database, so it cannot empty it then).
  const script = await resetScript(db);
  await db.transaction((tx) => tx.exec(script));
  return db;
}

/** `<dbname>_w<VITEST_POOL_ID>` — never the main database itself. */
export function workerDatabaseName(): string {
  const base = new URL(inject('databaseUrl')).pathname.slice(1) || 'postgres';
  const name = `${base}_w${process.env.VITEST_POOL_ID ?? '1'}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsupported test database name: ${name}`);
  return name;
}

export function databaseUrlFor(name: string): string {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  return url.href;
}

async function withAdmin<T>(fn: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A database handle that has been closed: every query fails, as when the database is down. */
export async function closedDb(): Promise<Db> {
  const db = await openScratchDb();
  await db.close();
  return db;
}
