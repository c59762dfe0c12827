import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db';
import {
  loadMigrations,
  migrate,
  MigrationChecksumError,
  MigrationError,
  migrationsDir,
} from '../../src/store/migrate';
import { openScratchDb } from '../support/db';

const opened: Db[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function scratch(): Promise<Db> {
  const db = await openScratchDb();
  opened.push(db);
  return db;
}

function migrationsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-migrations-'));
  dirs.push(dir);
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

describe('migrate refuses to start', () => {
  it('when an applied migration file was edited (checksum mismatch)', async () => {
    const db = await scratch();
    const dir = migrationsCopy();
    const file = join(dir, '0001_init.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- an innocent-looking edit\n`);
    await expect(migrate(db, loadMigrations(dir))).rejects.toThrow(MigrationChecksumError);
    await expect(migrate(db, loadMigrations(dir))).rejects.toThrow(/0001_init was changed after it was applied/);
  });

  it('when the database has a migration this build does not know', async () => {
    const db = await scratch();
    await db.query(`insert into schema_migrations (version, name, checksum) values (9999, 'future', 'x')`);
    const err = await migrate(db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err).not.toBeInstanceOf(MigrationChecksumError);
    expect((err as Error).message).toMatch(/9999 \(future\)/);
  });
});

describe('a failing migration', () => {
  it('is rolled back entirely and not recorded', async () => {
    const db = await scratch();
    const dir = migrationsCopy();
    writeFileSync(join(dir, '0998_broken.sql'), 'create table half_done (id integer);\nselect 1 / 0;\n');
    await expect(migrate(db, loadMigrations(dir))).rejects.toMatchObject({ code: '22012' });
    expect(await db.query(`select to_regclass('public.half_done') as t`)).toEqual([{ t: null }]);
    expect(await db.query('select version from schema_migrations where version = 998')).toEqual([]);
  });
});

describe('loadMigrations', () => {
  it('rejects files that are not NNNN_name.sql and duplicate versions', () => {
    const dir = migrationsCopy();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(() => loadMigrations(dir)).toThrow(/Unexpected file in migrations directory: notes.txt/);
    rmSync(join(dir, 'notes.txt'));
    writeFileSync(join(dir, '0001_again.sql'), 'select 1;');
    expect(() => loadMigrations(dir)).toThrow(/Duplicate migration version 1/);
  });
});
