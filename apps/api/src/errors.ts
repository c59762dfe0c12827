import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { problemStatuses } from './generated/problem-statuses';
import type { ProblemCode } from './generated/schemas';

export interface FieldError {
  /** JSON pointer into the request: `/body/quantity`, `/query/limit`, `/header/idempotency-key`. */
  pointer: string;
  detail: string;
}

/**
 * A client-visible failure of the HTTP layer or a route: raised by its spec `ProblemCode` alone, its status looked
 * up in the table generated from the spec (`generated/problem-statuses.ts`). `http/problem.ts` turns it into
 * RFC 9457 `application/problem+json`. Domain rules never throw it: they throw `DomainError`
 * (`domain/failure.ts`), which `http/problem.ts` maps to one of these.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.status = problemStatuses[code];
  }
}
