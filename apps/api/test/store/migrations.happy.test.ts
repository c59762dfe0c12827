import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db';
import { loadMigrations, migrate, migrationsDir } from '../../src/store/migrate';
import { openPostgres } from '../../src/store/postgres';
import { databaseUrlFor, openEmptyPostgresDb, openScratchDb, testEngine } from '../support/db';

const opened: Db[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database with no tables at all. */
async function emptyDb(): Promise<Db> {
  if (testEngine() === 'postgres') return track(await openEmptyPostgresDb());
  const db = track(await openScratchDb());
  await db.exec('drop schema public cascade; create schema public;');
  return db;
}

function track(db: Db): Db {
  opened.push(db);
  return db;
}

function migrationsCopy(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-migrations-'));
  dirs.push(dir);
  cpSync(migrationsDir, dir, { recursive: true });
  for (const [file, sql] of Object.entries(extra)) writeFileSync(join(dir, file), sql);
  return dir;
}

describe('migrate', () => {
  it('applies every migration to an empty database, in order, and records it', async () => {
    const db = await emptyDb();
    const all = loadMigrations();
    const applied = await migrate(db);
    expect(applied.map((m) => m.version)).toEqual(all.map((m) => m.version));
    const rows = await db.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
      'select version, name, checksum, applied_at from schema_migrations order by version',
    );
    expect(rows.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual(
      all.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    expect(rows[0]!.applied_at).toBeInstanceOf(Date);
    const tables = await db.query<{ tablename: string }>(
      `select tablename from pg_tables where schemaname = 'public' order by tablename`,
    );
    expect(tables.map((t) => t.tablename)).toEqual([
      'accounts',
      'api_keys',
      'checkout_sessions',
      'discounts',
      'event_deliveries',
      'event_delivery_attempts',
      'events',
      'idempotency_keys',
      'orders',
      'product_prices',
      'products',
      'refunds',
      'schema_migrations',
      'webhook_endpoints',
    ]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    const db = await emptyDb();
    await migrate(db);
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
  });

  it('applies only the new migration on an already migrated database', async () => {
    const db = track(await openScratchDb());
    const dir = migrationsCopy({ '0999_extra.sql': 'create table extra_things (id integer primary key);' });
    const applied = await migrate(db, loadMigrations(dir));
    expect(applied.map((m) => `${m.version}_${m.name}`)).toEqual(['999_extra']);
    expect(await db.query('select count(*) as n from extra_things')).toEqual([{ n: 0 }]);
    expect(await migrate(db, loadMigrations(dir))).toEqual([]);
  });

  it('moves a store with sessions and keys onto the domains of 0012, every value kept', async () => {
    const db = await emptyDb();
    await migrate(
      db,
      loadMigrations().filter((m) => m.version < 12),
    );
    await db.query(`insert into accounts (id, name) values ('acct_upgrade', 'A')`);
    await db.query(
      `insert into checkout_sessions (id, session_id, account_id, mode, product_id, status, currency, quantity,
         unit_amount, subtotal, discount_amount, total, completed_at, expires_at)
       values ('0190f5a0-0000-7000-8000-000000000001', 'ch_Upgrade1', 'acct_upgrade', 'live', 'prod_a', 'completed',
         'eur', 3, 1500, 4500, 500, 4000, '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z')`,
    );
    await db.query(
      `insert into idempotency_keys (account_id, mode, key, request_hash, method, path, status)
       values ('acct_upgrade', 'test', 'key-in-flight', 'h', 'POST', '/v1/products', 'in_flight')`,
    );
    expect((await migrate(db)).map((m) => m.version)).toEqual([12]);
    expect(
      await db.query(
        `select session_id, mode, status, currency, quantity, unit_amount, subtotal, discount_amount, total
         from checkout_sessions`,
      ),
    ).toEqual([
      {
        session_id: 'ch_Upgrade1',
        mode: 'live',
        status: 'completed',
        currency: 'eur',
        quantity: 3,
        unit_amount: 1500,
        subtotal: 4500,
        discount_amount: 500,
        total: 4000,
      },
    ]);
    expect(await db.query(`select mode, key, status from idempotency_keys`)).toEqual([
      { mode: 'test', key: 'key-in-flight', status: 'in_flight' },
    ]);
  });

  it('lets concurrent starters race safely: each migration is applied exactly once', async () => {
    const first = await emptyDb();
    // On PostgreSQL a second pool to the same database, like a second replica; PGlite has one connection.
    const second = first.engine === 'postgres' ? track(await openSecondHandle(first)) : first;
    const results = await Promise.all([migrate(first), migrate(second), migrate(first)]);
    const versions = results.flat().map((m) => m.version);
    expect(versions.sort((a, b) => a - b)).toEqual(loadMigrations().map((m) => m.version));
    expect(await first.query('select count(*) as n from schema_migrations')).toEqual([{ n: loadMigrations().length }]);
  });
});

async function openSecondHandle(db: Db): Promise<Db> {
  const [row] = await db.query<{ name: string }>('select current_database() as name');
  return openPostgres(databaseUrlFor(row!.name), { max: 2 });
}
