import type { AppDeps } from '../deps';
import { analyzeStaleTables } from '../store/statistics';
import { type PeriodicJob, runPeriodically } from './periodic';

/** How often PGlite's tables are checked for stale planner statistics. */
export const statisticsIntervalMs = 5_000;

/**
 * The analyze part of autovacuum, which PGlite lacks (on PostgreSQL: null, the server's autovacuum does it). Every
 * few seconds one catalog query finds the tables that grew by more than a tenth since they were last analysed, and
 * ANALYZE runs on those. Often, because a table's first rows matter most: until its first ANALYZE the planner has
 * no column statistics and plans a scoped lookup by id through one of the account's list indexes, scanning every
 * row of the account (a GET of a checkout session: 80 µs with one session, 1.9 ms after 8,000). A run that
 * analysed nothing logs nothing.
 */
export function startStatisticsJob(
  deps: Pick<AppDeps, 'db' | 'logger'>,
  intervalMs = statisticsIntervalMs,
): PeriodicJob | null {
  if (deps.db.engine !== 'pglite') return null;
  return runPeriodically(
    deps,
    'statistics',
    async () => {
      const analyzed = await analyzeStaleTables(deps.db);
      return analyzed.length > 0 ? { analyzed_tables: analyzed } : null;
    },
    { intervalMs, runAtStart: true },
  );
}
