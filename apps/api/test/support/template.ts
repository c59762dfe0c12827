import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { loadMigrations, migrate, migrationsFingerprint } from '../../src/store/migrate';
import { pgliteTypeOptions, wrapPglite } from '../../src/store/pglite';

const apiRoot = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = join(apiRoot, 'node_modules', '.cache', 'solifyn');

function pgliteVersion(): string {
  // The package's exports hide package.json: find it next to the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Cache path of the migrated PGlite template; the name changes when any migration or the PGlite version does. */
export function templatePath(): string {
  const key = migrationsFingerprint(loadMigrations()).slice(0, 16);
  return join(cacheDir, `pglite-${pgliteVersion()}-${key}.tgz`);
}

/** Builds the template once (fresh in-memory PGlite + migrations → gzip dump, ~6 s); later runs reuse the file. */
export async function ensureTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const pg = await PGlite.create(pgliteTypeOptions);
  try {
    await migrate(wrapPglite(pg));
    const dump = await pg.dumpDataDir('gzip');
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, new Uint8Array(await dump.arrayBuffer()));
    renameSync(tmp, path); // atomic: concurrent runs never read a half-written template
  } finally {
    await pg.close();
  }
  return path;
}

export function readTemplate(path: string): Blob {
  return new Blob([readFileSync(path)]);
}
