import type { Db } from './db';

/** Housekeeping: windows that ended long ago (requests are counted in `authenticateSecret`). */
export async function deleteRateLimitWindowsBefore(db: Db, before: Date): Promise<number> {
  const rows = await db.query(`delete from rate_limit_windows where window_start < $1 returning 1`, [before]);
  return rows.length;
}
