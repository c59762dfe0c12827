import type { components } from '../generated/openapi';
import type { ProblemCode, ProblemCodesByStatus } from '../generated/problem-codes';

/** The problem codes the spec documents for status `S` (`never` for a status it documents none for). */
export type ProblemCodeFor<S extends number> = S extends keyof ProblemCodesByStatus ? ProblemCodesByStatus[S] : never;

/** The problem codes of every 5xx status the spec documents. */
type ServerErrorCode = {
  [S in keyof ProblemCodesByStatus]: `${S}` extends `5${string}` ? ProblemCodesByStatus[S] : never;
}[keyof ProblemCodesByStatus];

/** Base class of every error the SDK throws. `instanceof SolifynError` catches them all. */
export class SolifynError extends Error {
  override name = 'SolifynError';
}

/**
 * One entry of a problem's `errors[]`: a JSON pointer into the request, prefixed with its part (`/body/quantity`,
 * `/query/limit`, `/path/productId`, `/header/idempotency-key`), and what is wrong there.
 */
export type ProblemFieldError = NonNullable<components['schemas']['Problem']['errors']>[number];

/** The RFC 9457 body every non-2xx Solifyn response carries (`application/problem+json`). */
export interface ProblemBody {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  detail?: unknown;
  code?: unknown;
  request_id?: unknown;
  errors?: unknown;
}

/** The API answered with a non-2xx status. Subclasses by status: `BadRequestError`, `NotFoundError`, … */
export class APIError extends SolifynError {
  override name = 'APIError';
  /** HTTP status of the response. */
  readonly status: number;
  /**
   * Stable snake_case problem code, e.g. `product_not_found`: one of the spec's codes, narrowed by each subclass to
   * the codes its status carries. `undefined` when the body was not a Solifyn problem (e.g. from a proxy). A code
   * added to the API after this SDK version arrives as sent; upgrade the SDK to get it in the type.
   */
  readonly code: ProblemCode | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** Per-field problems (validation errors), empty when the problem has none. */
  readonly errors: ProblemFieldError[];
  /** The `Request-Id` of the failed response — quote it when contacting support. */
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** The raw response body (parsed JSON, or text when it was not JSON). */
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers) {
    const problem: ProblemBody = isRecord(body) ? body : {};
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const code = str(problem.code) as ProblemCode | undefined;
    const detail = str(problem.detail) ?? (typeof body === 'string' && body ? body.slice(0, 500) : undefined);
    const title = str(problem.title);
    super(`${status} ${code ?? 'error'}: ${detail ?? title ?? 'request failed'}`);
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = str(problem.request_id) ?? headers.get('request-id') ?? undefined;
    this.headers = headers;
    this.body = body;
  }

  /** Builds the subclass matching `status`. */
  static generate(status: number, body: unknown, headers: Headers): APIError {
    const Class = STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new Class(status, body, headers);
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
  declare readonly status: 400;
  declare readonly code: ProblemCodeFor<400> | undefined;
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
  declare readonly status: 401;
  declare readonly code: ProblemCodeFor<401> | undefined;
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
  declare readonly status: 403;
  declare readonly code: ProblemCodeFor<403> | undefined;
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
  declare readonly status: 404;
  declare readonly code: ProblemCodeFor<404> | undefined;
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
  declare readonly status: 409;
  declare readonly code: ProblemCodeFor<409> | undefined;
}
/** The request body is larger than the API accepts (`payload_too_large`). Never retried: it would fail again. */
export class PayloadTooLargeError extends APIError {
  override name = 'PayloadTooLargeError';
  declare readonly status: 413;
  declare readonly code: ProblemCodeFor<413> | undefined;
}
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
  declare readonly status: 422;
  declare readonly code: ProblemCodeFor<422> | undefined;
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  declare readonly status: 429;
  declare readonly code: ProblemCodeFor<429> | undefined;
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
  declare readonly code: ServerErrorCode | undefined;
}

const STATUS_CLASSES: Record<number, typeof APIError | undefined> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The request never got a response: DNS, TCP, TLS failure, or the connection dropped mid-body. Retried. */
export class APIConnectionError extends SolifynError {
  override name = 'APIConnectionError';
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An attempt exceeded the `timeout`. Retried like other connection errors. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller aborted the request through its `signal`. Never retried. */
export class APIUserAbortError extends SolifynError {
  override name = 'APIUserAbortError';
  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
