import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  SolifynError,
  UnprocessableEntityError,
} from '../../src/core/errors';
import { json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

async function failWith(response: Response): Promise<unknown> {
  const { fetch } = scriptedFetch(response);
  return widgetClient({ fetch, maxRetries: 0 })
    .get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } })
    .then(
      () => {
        throw new Error('expected a rejection');
      },
      (error: unknown) => error,
    );
}

describe('API errors', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ])('maps %i to %o', async (status, Class) => {
    const error = await failWith(problem(status, 'some_code'));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(SolifynError);
    expect((error as APIError).name).toBe(Class.name);
  });

  it('uses the generic APIError for other statuses (415, 418)', async () => {
    for (const [status, code] of [
      [415, 'unsupported_media_type'],
      [418, 'teapot'],
    ] as const) {
      const error = (await failWith(problem(status, code))) as APIError;
      expect(error.constructor).toBe(APIError);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
    }
  });

  it('carries every RFC 9457 field, the request id and the headers', async () => {
    const error = (await failWith(
      problem(400, 'validation_failed', {
        detail: 'The request is invalid.',
        errors: [{ pointer: '/body/quantity', detail: 'must be >= 1' }],
      }),
    )) as BadRequestError;
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.title).toBe('validation failed');
    expect(error.detail).toBe('The request is invalid.');
    expect(error.errors).toEqual([{ pointer: '/body/quantity', detail: 'must be >= 1' }]);
    expect(error.requestId).toBe('req_123');
    expect(error.headers.get('content-type')).toBe('application/problem+json');
    expect(error.message).toBe('400 validation_failed: The request is invalid.');
  });

  it('survives a non-JSON error body and falls back to the Request-Id header', async () => {
    const error = (await failWith(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'request-id': 'req_h' } }),
    )) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBeUndefined();
    expect(error.errors).toEqual([]);
    expect(error.requestId).toBe('req_h');
    expect(error.body).toBe('<html>Bad gateway</html>');
  });

  it('survives an empty error body', async () => {
    const error = (await failWith(new Response(null, { status: 404, headers: { 'content-length': '0' } }))) as APIError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('404 error: request failed');
  });

  it('resolves to the data on success (methods resolve to data or throw)', async () => {
    const { fetch } = scriptedFetch(json(200, widget('w1')));
    const result = await widgetClient({ fetch }).get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    expect(result.id).toBe('w1');
  });
});
