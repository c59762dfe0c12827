import type { Db } from './db';

/**
 * The tables whose planner statistics are stale: grown by more than a tenth (and two pages) since they were last
 * analysed, or never analysed and no longer empty — about what PostgreSQL's autovacuum waits for (50 rows + 10 %).
 */
const staleTables = `
  select c.relname as name from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
    and pg_relation_size(c.oid) / current_setting('block_size')::int > greatest(c.relpages, 0) * 1.1 + 1
  order by c.relname`;

/**
 * ANALYZE on the tables whose statistics are stale; returns their names. PGlite has no autovacuum, so without this
 * its planner never learns a table's size: a lookup first planned while `checkout_sessions` was small keeps
 * scanning a whole account's sessions through the list index instead of using the primary key, and gets slower
 * with every session. ANALYZE also invalidates the prepared plans that read the table, so they are planned again.
 * PostgreSQL's autovacuum does this on a server.
 */
export async function analyzeStaleTables(db: Db): Promise<string[]> {
  const tables = await db.query<{ name: string }>(staleTables);
  for (const { name } of tables) await db.exec(`analyze "${name.replaceAll('"', '""')}"`);
  return tables.map(({ name }) => name);
}
