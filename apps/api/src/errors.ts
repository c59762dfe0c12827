import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ProblemCode } from './generated/schemas';

export interface FieldError {
  /** JSON pointer into the request: `/body/quantity`, `/query/limit`, `/header/idempotency-key`. */
  pointer: string;
  detail: string;
}

/**
 * The one error type every layer throws for a client-visible failure. Codes come from the spec's `ProblemCode`;
 * `http/problem.ts` turns it into RFC 9457 `application/problem+json`.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}
