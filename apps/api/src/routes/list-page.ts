import { ApiError } from '../errors';
import type { Caller } from '../http/env';
import type { Db } from '../store/db';
import { cursorExists, type Page, type PaginatedTable } from '../store/pagination';

export function invalidCursor(cursor: string): ApiError {
  return new ApiError('invalid_cursor', `startingAfter "${cursor}" is not an object of this list.`, [
    { pointer: '/query/startingAfter', detail: 'Use next_cursor from the previous page.' },
  ]);
}

/**
 * A page on the wire (`{data, has_more, next_cursor}`). An unknown cursor lists nothing, so only an empty page is
 * worth a query to tell a bad cursor (400 invalid_cursor) from an empty last page.
 */
export async function listPage<T, W>(
  db: Db,
  caller: Caller,
  table: PaginatedTable,
  startingAfter: string | undefined,
  page: Page<T>,
  present: (item: T) => W,
): Promise<{ data: W[]; has_more: boolean; next_cursor: string | null }> {
  if (
    page.data.length === 0 &&
    startingAfter !== undefined &&
    !(await cursorExists(db, table, caller, startingAfter))
  ) {
    throw invalidCursor(startingAfter);
  }
  return { data: page.data.map(present), has_more: page.hasMore, next_cursor: page.nextCursor };
}
