import type { Context } from 'hono';
import type { ApiError } from '../errors';
import type { Problem } from '../generated/schemas';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const errorTypeBase = 'https://docs.solifyn.com/errors/';

export function toProblem(error: ApiError, requestId: string): Problem {
  return {
    type: `${errorTypeBase}${error.code}`,
    title: titles[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    code: error.code,
    request_id: requestId,
    ...(error.errors && error.errors.length > 0 ? { errors: error.errors.slice(0, 100) } : {}),
  };
}

export function problemResponse(c: Context, error: ApiError): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? '';
  const headers = new Headers(error.headers);
  headers.set('content-type', 'application/problem+json');
  return new Response(JSON.stringify(toProblem(error, requestId)), { status: error.status, headers });
}
