import { ApiError } from '../errors';
import type { ProblemCode } from '../generated/schemas';

export function notFound(code: ProblemCode, what: string, id: string, pointer: string): ApiError {
  return new ApiError(code, `No ${what} "${id}" in this account and mode.`, [{ pointer, detail: `Unknown ${what}.` }]);
}
