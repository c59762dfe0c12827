import type { Config } from '../config';
import type { Db } from './db';
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface OpenDbOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

/** PostgreSQL when `databaseUrl` is set, else embedded PGlite in `dataDir` (locked: one process per data dir). */
export async function openDb(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  options: OpenDbOptions = {},
): Promise<Db> {
  const db = config.databaseUrl ? openPostgres(config.databaseUrl) : await openPglite({ dataDir: config.dataDir });
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}
