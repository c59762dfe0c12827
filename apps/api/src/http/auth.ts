import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import { authenticateSecret } from '../store/accounts';
import type { AppEnv } from './env';
import type { RateLimiter } from './rate-limit';
import { addResponseHeaders } from './response-headers';

const challenge = { 'WWW-Authenticate': 'Bearer realm="solifyn"' };

/**
 * Authenticates `Authorization: Bearer sk_…` (through the store cache: no SQL for a known key) and, with a
 * `rateLimiter`, counts the request against the key's window. Sets `RateLimit-Policy` / `RateLimit` on every
 * response of an authenticated request.
 */
export function authenticate(rateLimiter: RateLimiter | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, cache, clock, keyUsage } = c.get('deps');
    const header = c.req.header('authorization');
    if (!header) {
      throw new ApiError(
        'missing_api_key',
        'No API key provided. Send `Authorization: Bearer <secret key>`.',
        undefined,
        challenge,
      );
    }
    const secret = /^Bearer +(\S+)$/i.exec(header)?.[1];
    const now = clock.now();
    const key = secret ? await authenticateSecret(db, secret, cache, now) : null;
    if (!key) {
      throw new ApiError('invalid_api_key', 'The API key is malformed, unknown or revoked.', undefined, challenge);
    }
    keyUsage?.touch(key.id, now);
    c.set('caller', { accountId: key.accountId, mode: key.mode, keyId: key.id, keyPrefix: key.keyPrefix });
    if (!rateLimiter) return next();

    const { allowed, remaining, resetSeconds } = await rateLimiter.consume(key.id);
    const headers = {
      'RateLimit-Policy': `"default";q=${rateLimiter.requests};w=${rateLimiter.windowSeconds}`,
      RateLimit: `"default";r=${remaining};t=${resetSeconds}`,
    };
    if (!allowed) {
      c.get('deps').metrics?.rateLimited.inc();
      throw new ApiError(
        'rate_limited',
        `Rate limit of ${rateLimiter.requests} requests per ${rateLimiter.windowSeconds} s exceeded.`,
        undefined,
        { ...headers, 'Retry-After': String(resetSeconds) },
      );
    }
    await next();
    addResponseHeaders(c, headers);
  };
}
