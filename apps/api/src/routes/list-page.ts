import { ApiError } from '../errors';
import type { Page } from '../store/pagination';

/** A page on the wire (`{data, has_more, next_cursor}`); a cursor the list does not know is a 400 invalid_cursor. */
export function pageOnWire<T, W>(
  page: Page<T>,
  present: (item: T) => W,
): { data: W[]; has_more: boolean; next_cursor: string | null } {
  if (page.unknownCursor !== null) {
    throw new ApiError('invalid_cursor', `startingAfter "${page.unknownCursor}" is not an object of this list.`, [
      { pointer: '/query/startingAfter', detail: 'Use next_cursor from the previous page.' },
    ]);
  }
  return { data: page.data.map(present), has_more: page.hasMore, next_cursor: page.nextCursor };
}
