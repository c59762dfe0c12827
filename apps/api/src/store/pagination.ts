import { isUuid } from '../domain/ids';
import type { Db } from './db';

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** Rows fetched with `limit + 1`: the extra row only tells whether another page exists. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return { data, hasMore, nextCursor: hasMore && last ? cursorOf(last) : null };
}

export type PaginatedTable = 'products' | 'discounts' | 'checkout_sessions' | 'orders' | 'webhook_endpoints' | 'events';

/**
 * Whether `cursor` names a row of the caller's that a list could continue after. A list whose cursor is unknown
 * comes back empty; this tells an empty last page from a bad cursor.
 */
export async function cursorExists(
  db: Db,
  table: PaginatedTable,
  scope: { accountId: string; mode: string },
  cursor: string,
): Promise<boolean> {
  if (table === 'checkout_sessions' && !isUuid(cursor)) return false;
  const rows = await db.query(`select 1 from ${table} where id = $1 and account_id = $2 and mode = $3`, [
    table === 'checkout_sessions' ? cursor.toLowerCase() : cursor,
    scope.accountId,
    scope.mode,
  ]);
  return rows.length > 0;
}
