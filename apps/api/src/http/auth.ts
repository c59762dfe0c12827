import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import { authenticateSecret } from '../store/accounts';
import type { AppEnv } from './env';

const challenge = { 'WWW-Authenticate': 'Bearer realm="solifyn"' };

/**
 * Authenticates `Authorization: Bearer sk_…` and applies the per-key rate limit (fixed window, counted in the
 * database so every replica sees the same count). Sets `RateLimit-Policy` / `RateLimit` on every response.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, clock, config } = c.var.deps;
  const header = c.req.header('authorization');
  if (!header) {
    throw new ApiError(
      401,
      'missing_api_key',
      'No API key provided. Send `Authorization: Bearer <secret key>`.',
      undefined,
      challenge,
    );
  }
  const secret = /^Bearer +(\S+)$/i.exec(header)?.[1];
  const limit = config.rateLimit;
  const now = clock.now();
  const windowMs = limit ? limit.windowSeconds * 1000 : 0;
  const windowStart = limit ? new Date(Math.floor(now.getTime() / windowMs) * windowMs) : null;
  const key = secret ? await authenticateSecret(db, secret, windowStart) : null;
  if (!key) {
    throw new ApiError(401, 'invalid_api_key', 'The API key is malformed, unknown or revoked.', undefined, challenge);
  }
  c.set('caller', { accountId: key.accountId, mode: key.mode, keyId: key.id });

  if (!limit || !windowStart || key.requestsInWindow === null) {
    await next();
    return;
  }
  const resetSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  const remaining = Math.max(0, limit.requests - key.requestsInWindow);
  const headers = {
    'RateLimit-Policy': `"default";q=${limit.requests};w=${limit.windowSeconds}`,
    RateLimit: `"default";r=${remaining};t=${resetSeconds}`,
  };
  if (key.requestsInWindow > limit.requests) {
    throw new ApiError(
      429,
      'rate_limited',
      `Rate limit of ${limit.requests} requests per ${limit.windowSeconds} s exceeded.`,
      undefined,
      {
        ...headers,
        'Retry-After': String(resetSeconds),
      },
    );
  }
  await next();
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
};
