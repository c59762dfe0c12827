/** Base class of every error the SDK throws. `instanceof SolifynError` catches them all. */
export class SolifynError extends Error {
  override name = 'SolifynError';
}

/** One entry of a problem's `errors[]`: a JSON pointer into the request and what is wrong there. */
export interface ProblemFieldError {
  pointer: string;
  detail: string;
}

/** The RFC 9457 body every non-2xx Solifyn response carries (`application/problem+json`). */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: ProblemFieldError[];
}

/** The API answered with a non-2xx status. Subclasses by status: `BadRequestError`, `NotFoundError`, … */
export class APIError extends SolifynError {
  override name = 'APIError';
  /** HTTP status of the response. */
  readonly status: number;
  /** Stable snake_case problem code, e.g. `product_not_found`. */
  readonly code: string | undefined;
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
    const code = str(problem.code);
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
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** The request body is larger than the API accepts (`payload_too_large`). Never retried: it would fail again. */
export class PayloadTooLargeError extends APIError {
  override name = 'PayloadTooLargeError';
}
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
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
