import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { registerDocsPortal } from './docs/portal';
import { ApiError } from './errors';
import { type OperationId, routes } from './generated/routes';
import { authenticate } from './http/auth';
import { limitBody, maxBodyBytes } from './http/body';
import type { AppDeps } from './deps';
import type { AppEnv } from './http/env';
import { idempotency, IdempotentReplay } from './http/idempotency';
import { asApiError, problemResponse } from './http/problem';
import { createRateLimiter } from './http/rate-limit';
import { requestId } from './http/request-id';
import { accessLog, operationHandler } from './http/access-log';
import { traceRequests } from './tracing';
import { allowedMethods } from './http/route-table';
import { storableStrings } from './http/strings';
import { validationHook } from './http/validation';
import { registerCheckoutPages } from './pages';
import { createCardTestingGuard } from './pages/card-testing';
import { handlers } from './routes';

export { maxBodyBytes };

const statusCodes: Record<number, ApiError['code']> = {
  400: 'malformed_json',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

function toApiError(error: unknown): ApiError | undefined {
  const apiError = asApiError(error);
  if (apiError) return apiError;
  if (error instanceof HTTPException) {
    const code = statusCodes[error.status];
    if (code === 'malformed_json') return new ApiError(code, 'The request body is not valid JSON.');
    if (code === 'unsupported_media_type') {
      return new ApiError(code, 'Send the request body as JSON with `Content-Type: application/json`.');
    }
    if (code === 'payload_too_large') return new ApiError(code, `The request body is over ${maxBodyBytes} bytes.`);
  }
  return undefined;
}

/** The whole API: one factory, dependencies injected (config, database, clock). */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', requestId);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', accessLog);
  if (deps.tracer) app.use('*', traceRequests(deps.tracer));
  app.use('*', limitBody);

  const rateLimiter = deps.config.rateLimit ? createRateLimiter(deps.config.rateLimit, deps.redis) : null;
  app.use('/v1/*', storableStrings);
  app.use('/v1/*', authenticate(rateLimiter));
  // Checkout create stores its Idempotency-Key in the statement that writes the session (the hot path).
  app.use('/v1/*', idempotency(new Set([routes.createCheckoutSession.path])));

  for (const operationId of Object.keys(routes) as OperationId[]) {
    app.openapi(routes[operationId], operationHandler(operationId, handlers[operationId] as never));
  }
  registerCheckoutPages(app, createCardTestingGuard(deps.redis));
  registerDocsPortal(app);

  app.notFound((c) => {
    const allowed = allowedMethods(new URL(c.req.url).pathname);
    if (allowed.length > 0) {
      return problemResponse(
        c,
        new ApiError(
          'method_not_allowed',
          `${c.req.method} is not supported here. Allowed: ${allowed.join(', ')}.`,
          undefined,
          {
            Allow: allowed.join(', '),
          },
        ),
      );
    }
    return problemResponse(
      c,
      new ApiError('route_not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
    );
  });

  app.onError((error, c: Context<AppEnv>) => {
    if (error instanceof IdempotentReplay) {
      deps.metrics?.idempotentReplays.inc();
      return error.response();
    }
    const apiError = toApiError(error);
    if (apiError) return problemResponse(c, apiError);
    if (c.req.raw.signal.aborted && (error as { code?: unknown }).code === 'ECONNRESET') {
      // The body stream broke because the client went away or the server timed the request out (REQUEST_TIMEOUT_MS):
      // not our failure, and nobody reads this answer.
      return problemResponse(c, new ApiError('malformed_json', 'The request body ended before it was complete.'));
    }
    deps.logger.error({ request_id: c.get('requestId'), err: error }, 'unhandled error');
    return problemResponse(c, new ApiError('internal_error', 'Something went wrong on our side. It has been logged.'));
  });

  return app;
}
