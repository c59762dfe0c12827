import type { Context } from 'hono';
import { DomainError } from '../domain/failure';
import { ApiError } from '../errors';
import type { Problem } from '../generated/schemas';
import type { AppDeps } from '../deps';
import { pointerToken } from './strings';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The RFC 9110 reason phrase we use as a problem's `title`. */
export function problemTitle(status: number): string {
  return titles[status] ?? 'Error';
}

/** A problem's `type`: the code's entry in the docs portal's error reference (Config.docsUrl is its base). */
export function problemType(docsUrl: string, code: ApiError['code']): string {
  return `${docsUrl}/errors/${code}`;
}

/**
 * The spec's maxLength of `detail`, `errors[].detail` and `errors[].pointer`. Details and pointers can quote what the
 * client sent (an unknown path, a property name), so they are cut here rather than trusted to be short.
 */
export const problemLimits = { detail: 1000, fieldDetail: 500, pointer: 500 } as const;

/** `text` cut to at most `max` UTF-16 units, ending in `…` when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** A cut pointer stays a JSON pointer: a dangling `~` (half of `~0`/`~1`) is dropped before the `…`. */
function truncatePointer(pointer: string): string {
  if (pointer.length <= problemLimits.pointer) return pointer;
  return `${truncate(pointer, problemLimits.pointer).slice(0, -1).replace(/~$/, '')}…`;
}

/**
 * The API's view of a domain rule's refusal: same code (status from the spec's table), the field as a pointer into
 * the request body.
 */
export function apiErrorOfDomain(error: DomainError): ApiError {
  const { field } = error;
  return new ApiError(
    error.reason,
    error.detail,
    field
      ? [{ pointer: `/body${field.path.map((t) => `/${pointerToken(t)}`).join('')}`, detail: field.detail }]
      : undefined,
  );
}

/** The problem a thrown value stands for, when it is one (an ApiError, or a DomainError a route let through). */
export function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return apiErrorOfDomain(error);
  return undefined;
}

export function toProblem(error: ApiError, requestId: string, docsUrl: string): Problem {
  const errors = error.errors?.slice(0, 100).map((e) => ({
    pointer: truncatePointer(e.pointer),
    detail: truncate(e.detail, problemLimits.fieldDetail),
  }));
  return {
    type: problemType(docsUrl, error.code),
    title: problemTitle(error.status),
    status: error.status,
    detail: truncate(error.detail, problemLimits.detail),
    code: error.code,
    request_id: requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problemResponse(c: Context, error: ApiError): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? '';
  const docsUrl = (c.get('deps') as AppDeps).config.docsUrl;
  const headers = new Headers(error.headers);
  headers.set('content-type', 'application/problem+json');
  return new Response(JSON.stringify(toProblem(error, requestId, docsUrl)), { status: error.status, headers });
}
