import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectRedis, createRateLimiter, leaseSize, type RateLimiter } from '../../src/http/rate-limit';

/**
 * In Redis a budget of 40 or more is taken in leases: one Redis round trip per lease, not per request, and still
 * never more admitted than the limit, across replicas.
 */
const redisUrl = process.env.REDIS_URL?.trim() || undefined;
if (process.env.CI === 'true' && !redisUrl) throw new Error('CI runs the Redis tests: set REDIS_URL (.ci/run does)');

let redis: Redis | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  redis?.disconnect();
  redis = undefined;
});

async function admitted(limiter: RateLimiter, key: string, n: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < n; i++) if ((await limiter.consume(key)).allowed) allowed++;
  return allowed;
}

describe('lease sizes', () => {
  it('a twentieth of the budget, and one point below 40 (the card-testing bounds count every attempt)', () => {
    expect([leaseSize(5), leaseSize(20), leaseSize(39), leaseSize(40), leaseSize(100), leaseSize(10_000)]).toEqual([
      1, 1, 1, 2, 5, 500,
    ]);
  });
});

describe.skipIf(!redisUrl)('rate limit leases in Redis', () => {
  const policy = { requests: 100, windowSeconds: 60 };

  it('one replica counts exactly: RateLimit remaining goes 99 … 0, then refusals cost no Redis call', async () => {
    redis = await connectRedis(redisUrl!);
    const prefix = `test:rl:${randomUUID()}`;
    const upserts = vi.spyOn(RateLimiterRedis.prototype as unknown as { _upsert: () => unknown }, '_upsert');
    const limiter = createRateLimiter(policy, redis, prefix);
    const remaining: number[] = [];
    for (let i = 0; i < 100; i++) {
      const decision = await limiter.consume('key_a');
      expect(decision.allowed).toBe(true);
      expect(decision.resetSeconds).toBeGreaterThanOrEqual(59);
      remaining.push(decision.remaining);
    }
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    const leases = upserts.mock.calls.length;
    expect(leases).toBeLessThan(40);
    for (let i = 0; i < 20; i++) expect(await limiter.consume('key_a')).toMatchObject({ allowed: false, remaining: 0 });
    expect(upserts.mock.calls.length).toBe(leases);
    // What Redis holds is exactly the budget: no lease went past it and no refusal was counted.
    expect(await redis.get(`${prefix}:key_a`)).toBe('100');
  });

  it('two replicas never admit more than the budget; points one took and did not spend are its own', async () => {
    redis = await connectRedis(redisUrl!);
    const prefix = `test:rl:${randomUUID()}`;
    const [a, b] = [createRateLimiter(policy, redis, prefix), createRateLimiter(policy, redis, prefix)];
    expect(await admitted(a, 'key_a', 1)).toBe(1); // a holds the rest of its first lease
    const byB = await admitted(b, 'key_a', 120);
    expect(byB).toBe(100 - leaseSize(100));
    expect(await admitted(a, 'key_a', 20)).toBe(leaseSize(100) - 1);
  });

  it('under concurrency on two replicas: exactly the budget is admitted, the rest refused with Retry-After', async () => {
    redis = await connectRedis(redisUrl!);
    const prefix = `test:rl:${randomUUID()}`;
    const [a, b] = [createRateLimiter(policy, redis, prefix), createRateLimiter(policy, redis, prefix)];
    const decisions = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a : b).consume('key_a')));
    const allowed = decisions.filter((d) => d.allowed).length;
    // Both replicas spend what they took while requests keep coming, so nothing is stranded here.
    expect(allowed).toBe(100);
    for (const refused of decisions.filter((d) => !d.allowed)) {
      expect(refused.remaining).toBe(0);
      expect(refused.resetSeconds).toBeGreaterThanOrEqual(59);
    }
    // Two leases racing for the last points may count past the budget in Redis; only the points that fit are spent.
    expect(Number(await redis.get(`${prefix}:key_a`))).toBeGreaterThanOrEqual(100);
  });

  it('a new window brings a new budget', async () => {
    redis = await connectRedis(redisUrl!);
    const limiter = createRateLimiter({ requests: 40, windowSeconds: 1 }, redis, `test:rl:${randomUUID()}`);
    expect(await admitted(limiter, 'key_a', 45)).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await admitted(limiter, 'key_a', 45)).toBe(40);
  });

  it('keys have budgets of their own', async () => {
    redis = await connectRedis(redisUrl!);
    const limiter = createRateLimiter(policy, redis, `test:rl:${randomUUID()}`);
    expect(await admitted(limiter, 'key_a', 110)).toBe(100);
    expect(await admitted(limiter, 'key_b', 110)).toBe(100);
  });
});

describe('rate limit leases when Redis is unreachable', () => {
  it('leases come from the in-process limiter: the budget still holds, per replica', async () => {
    redis = await connectRedis('redis://127.0.0.1:1', () => {});
    const limiter = createRateLimiter({ requests: 100, windowSeconds: 60 }, redis, `test:rl:${randomUUID()}`);
    const remaining: number[] = [];
    for (let i = 0; i < 105; i++) remaining.push((await limiter.consume('key_a')).remaining);
    expect(remaining.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    expect(await admitted(limiter, 'key_a', 5)).toBe(0);
  });
});
