import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
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
 *
 * A budget of 40 requests or more is taken in leases (see `leasedConsume`): a busy key costs one Redis round trip,
 * or one in-memory count, per lease instead of per request.
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
  const lease = leaseSize(policy.requests);
  return {
    requests: policy.requests,
    windowSeconds: policy.windowSeconds,
    consume: lease > 1 ? leasedConsume(limiter, policy.requests, lease) : (key) => consumeOne(limiter, key, policy),
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

async function consumeOne(limiter: RateLimiterAbstract, key: string, policy: Policy): Promise<RateLimitDecision> {
  try {
    return decision(await limiter.consume(key), true, policy.requests);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return decision(outcome, false, policy.requests);
    // Neither Redis nor the insurance limiter answered (cannot happen with the memory one): let it through.
    return { allowed: true, remaining: policy.requests, resetSeconds: policy.windowSeconds };
  }
}

/** A twentieth of the window's budget: 5 of the default 100. Below 40 requests a lease would be one point. */
export function leaseSize(requests: number): number {
  return Math.max(1, Math.floor(requests / 20));
}

interface Lease {
  /** When the window in Redis ends (this process's clock): the lease's points go with it. */
  endsAt: number;
  /** Points this replica took and has not spent yet. */
  points: number;
  /** Points of the window nobody had taken yet, as of this replica's last lease. */
  unleased: number;
  /** Requests waiting for the lease in flight. */
  waiting: number;
  /** The lease being taken, shared by every request of this key that finds no points left. */
  taking: Promise<void> | null;
}

/** Lease entries of ended windows are dropped once there are this many keys, at most once a second. */
const leaseSweepThreshold = 1000;

/**
 * Consumes from leases: a replica takes `lease` points of the key's window at once (one atomic INCRBY in Redis,
 * through rate-limiter-flexible) and spends them locally, one per request. The budget is never exceeded: a lease
 * that would pass the limit keeps only the points that fit, and a window with nothing left to take refuses locally
 * until it ends, without asking Redis again. The price is precision the other way: points a replica took and did
 * not spend before the window ended are lost, so with several replicas a key may be refused up to
 * `lease × (replicas − 1)` requests early. Leases shrink to a quarter of what is left near the end of a window,
 * which keeps that loss small; on one replica counting is exact. `RateLimit`'s remaining count is what nobody took
 * plus this replica's points: exact on one replica, and never more than the truth.
 */
function leasedConsume(
  limiter: RateLimiterAbstract,
  requests: number,
  lease: number,
): (key: string) => Promise<RateLimitDecision> {
  const leases = new Map<string, Lease>();
  let nextSweep = 0;

  function sweep(now: number): void {
    if (leases.size < leaseSweepThreshold || now < nextSweep) return;
    nextSweep = now + 1000;
    for (const [key, entry] of leases) if (entry.endsAt <= now && !entry.taking) leases.delete(key);
  }

  async function take(key: string, entry: Lease, known: boolean): Promise<void> {
    // Enough for the requests waiting, but never more than a quarter of what is left of the window.
    const wanted = Math.max(lease, entry.waiting);
    const size = known ? Math.max(1, Math.min(wanted, Math.floor(entry.unleased / 4))) : Math.min(wanted, requests);
    let res: RateLimiterRes;
    try {
      res = await limiter.consume(key, size);
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) {
        // Neither Redis nor the insurance limiter answered (cannot happen with the memory one): let these through.
        entry.points += size;
        entry.endsAt = Date.now() + 1000;
        return;
      }
      res = outcome;
    }
    const consumed = res.consumedPoints;
    const now = Date.now();
    entry.points += Math.max(0, Math.min(size, requests - (consumed - size)));
    entry.unleased = Math.max(0, requests - consumed);
    entry.endsAt = now + res.msBeforeNext;
  }

  return async function consume(key) {
    for (;;) {
      const now = Date.now();
      let entry = leases.get(key);
      if (entry && entry.endsAt <= now && !entry.taking) {
        leases.delete(key);
        entry = undefined;
      }
      if (entry && entry.points > 0) {
        entry.points -= 1;
        return {
          allowed: true,
          remaining: entry.unleased + entry.points,
          resetSeconds: Math.max(1, Math.ceil((entry.endsAt - now) / 1000)),
        };
      }
      if (entry && entry.unleased === 0 && !entry.taking) {
        return { allowed: false, remaining: 0, resetSeconds: Math.max(1, Math.ceil((entry.endsAt - now) / 1000)) };
      }
      if (!entry) {
        sweep(now);
        entry = { endsAt: Number.POSITIVE_INFINITY, points: 0, unleased: requests, waiting: 0, taking: null };
        leases.set(key, entry);
      }
      const current = entry;
      if (!current.taking) {
        const known = current.endsAt !== Number.POSITIVE_INFINITY;
        current.taking = take(key, current, known).finally(() => {
          current.taking = null;
        });
      }
      current.waiting += 1;
      try {
        await current.taking;
      } finally {
        current.waiting -= 1;
      }
    }
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
