import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** sha256 (hex) of the file's bytes. */
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export class MigrationChecksumError extends MigrationError {
  override name = 'MigrationChecksumError';
  constructor(
    readonly version: number,
    readonly migrationName: string,
  ) {
    super(
      `Migration ${String(version).padStart(4, '0')}_${migrationName} was changed after it was applied ` +
        '(checksum mismatch); add a new migration instead of editing an applied one',
    );
  }
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in version order; any other file in the directory is an error. */
export function loadMigrations(dir: string = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .sort()
    .map((file): Migration => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new MigrationError(`Unexpected file in migrations directory: ${file} (expected NNNN_name.sql)`);
      const bytes = readFileSync(join(dir, file));
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    });
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]!.version === m.version)
      throw new MigrationError(`Duplicate migration version ${m.version}`);
  });
  return migrations;
}

/** One hash over all migrations: changes whenever any migration is added or edited. */
export function migrationsFingerprint(migrations: Migration[]): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.version}:${m.name}:${m.checksum}\n`);
  return hash.digest('hex');
}

// Arbitrary constant shared by every replica: serialises migration runs across processes on one PostgreSQL.
const ADVISORY_LOCK_KEY = 7_246_385_113;

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies pending migrations in order, each in its own transaction holding `pg_advisory_xact_lock`, and
 * records them in schema_migrations. Refuses (MigrationChecksumError) if an applied migration's file changed,
 * and (MigrationError) if the database has migrations this build doesn't know. Returns what it applied.
 */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<Migration[]> {
  const applied = await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    return tx.query<AppliedRow>('select version, name, checksum from schema_migrations order by version');
  });

  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const m = known.get(row.version);
    if (!m) {
      throw new MigrationError(
        `Database has migration ${row.version} (${row.name}) that this build does not know; refusing to start an older build`,
      );
    }
    if (m.checksum !== row.checksum) throw new MigrationChecksumError(m.version, m.name);
  }

  const done = new Set(applied.map((r) => r.version));
  const newlyApplied: Migration[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      // Another replica may have applied it while we waited for the lock.
      const [row] = await tx.query<AppliedRow>(
        'select version, name, checksum from schema_migrations where version = $1',
        [m.version],
      );
      if (row) {
        if (row.checksum !== m.checksum) throw new MigrationChecksumError(m.version, m.name);
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (ran) newlyApplied.push(m);
  }
  return newlyApplied;
}

async function lock(tx: Db): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
}
