import { ApiError } from '../errors';
import type { ProblemCode } from '../generated/schemas';

export function notFound(code: ProblemCode, what: string, id: string, pointer: string): ApiError {
  return new ApiError(404, code, `No ${what} "${id}" in this account and mode.`, [
    { pointer, detail: `Unknown ${what}.` },
  ]);
}

export function invalidCursor(cursor: string): ApiError {
  return new ApiError(400, 'invalid_cursor', `startingAfter "${cursor}" is not an object of this list.`, [
    { pointer: '/query/startingAfter', detail: 'Use next_cursor from the previous page.' },
  ]);
}
