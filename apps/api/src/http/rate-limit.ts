import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the current window (0 once limited). */
  remaining: number;
  /** Whole seconds until the window resets (≥ 1). */
  resetSeconds: number;
}

export interface RateLimiter {
  readonly requests: number;
  readonly windowSeconds: number;
  /** Counts one request for `key` and says whether it is within the limit. Never throws. */
  consume(key: string): Promise<RateLimitDecision>;
  /** Whether `key` has used up its budget in the current window, without counting anything. Never throws. */
  exhausted(key: string): Promise<RateLimitDecision>;
}

type Policy = NonNullable<Config['rateLimit']>;

/**
 * Per-key fixed windows counted by rate-limiter-flexible: in this process's memory, or in Redis when `redis` is
 * given so every replica shares one budget. If Redis fails (down, timing out), the request is counted by an
 * in-memory limiter instead — each replica then enforces the limit on its own until Redis is back — and the
 * API keeps serving: a rate limiter outage never becomes an API outage.
 */
export function createRateLimiter(policy: Policy, redis?: Redis, keyPrefix = 'solifyn:rl'): RateLimiter {
  const options = { points: policy.requests, duration: policy.windowSeconds, keyPrefix };
  const memory = new RateLimiterMemory(options);
  const limiter = redis
    ? new RateLimiterRedis({
        ...options,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    requests: policy.requests,
    windowSeconds: policy.windowSeconds,
    async consume(key) {
      try {
        return decision(await limiter.consume(key), true, policy.requests);
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) return decision(outcome, false, policy.requests);
        // Neither Redis nor the insurance limiter answered (cannot happen with the memory one): let it through.
        return { allowed: true, remaining: policy.requests, resetSeconds: policy.windowSeconds };
      }
    },
    async exhausted(key) {
      let res: RateLimiterRes | null;
      try {
        res = await limiter.get(key);
      } catch {
        res = await memory.get(key).catch(() => null);
      }
      if (!res || res.consumedPoints < policy.requests) {
        return { allowed: true, remaining: policy.requests - (res?.consumedPoints ?? 0), resetSeconds: 0 };
      }
      return { allowed: false, remaining: 0, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    },
  };
}

function decision(res: RateLimiterRes, allowed: boolean, requests: number): RateLimitDecision {
  return {
    allowed,
    remaining: allowed ? Math.max(0, Math.min(requests, res.remainingPoints)) : 0,
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

/** How long the server waits for Redis at start before serving with per-replica limits (it keeps reconnecting). */
const redisConnectWaitMs = 2000;

/**
 * The Redis client shared by the rate limiter. Commands fail at once while disconnected (no offline queue), so a
 * Redis outage costs a request nothing but the fallback; connection errors are logged once per outage.
 */
export async function connectRedis(url: string, log: (line: string) => void = console.warn): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    // The requests of one event-loop turn share one write to Redis (and one read of its answers): under load a
    // burst of rate-limit checks is one round trip, not one each. Each command still runs, and answers, on its own.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: true,
  });
  let down = false;
  const lost = (reason: string) => {
    if (down) return;
    down = true;
    log(`rate limiter: Redis at ${redactedUrl(url)} is unavailable (${reason}); counting per replica until it is back`);
  };
  redis.on('error', (error: Error) => lost(error.message));
  redis.on('close', () => lost('connection closed'));
  redis.on('ready', () => {
    if (down) log(`rate limiter: Redis at ${redactedUrl(url)} is back; replicas share one budget again`);
    down = false;
  });
  await Promise.race([
    redis.connect().catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, redisConnectWaitMs)),
  ]);
  return redis;
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'REDIS_URL';
  }
}
