import { createServer, type Server, type Socket, connect } from 'node:net';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { connectRedis } from '../../src/http/rate-limit';
import { type TestApi, testApi } from '../support/api';

/**
 * Redis is where replicas share their rate-limit budget; when it is unreachable the API keeps serving and counts
 * per process (logged), never failing a request because of the limiter.
 */
const redisUrl = process.env.REDIS_URL?.trim() || undefined;
if (process.env.CI === 'true' && !redisUrl) throw new Error('CI runs the Redis tests: set REDIS_URL (.ci/run does)');

let redis: Redis | undefined;
let proxy: { server: Server; sockets: Set<Socket> } | undefined;

afterEach(async () => {
  redis?.disconnect();
  redis = undefined;
  if (proxy) {
    for (const socket of proxy.sockets) socket.destroy();
    await new Promise((resolve) => proxy!.server.close(resolve));
    proxy = undefined;
  }
});

function limitedApp(api: TestApi, client: Redis) {
  return createApp({
    ...api.deps,
    redis: client,
    config: { ...api.deps.config, rateLimit: { requests: 3, windowSeconds: 60 } },
  });
}

async function statuses(app: ReturnType<typeof createApp>, key: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await app.request('/v1/products', { headers: { authorization: `Bearer ${key}` } });
    out.push(res.status);
  }
  return out;
}

describe('rate limits when Redis is unreachable', () => {
  it('at start: requests are served and limited per process; the outage is logged once', async () => {
    const api = await testApi();
    const logged: string[] = [];
    // Nothing listens on port 1.
    redis = await connectRedis('redis://127.0.0.1:1', (line) => logged.push(line));
    const app = limitedApp(api, redis);
    expect(await statuses(app, api.account.key, 4)).toEqual([200, 200, 200, 429]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1 is unavailable/);
  });
});

describe.skipIf(!redisUrl)('rate limits in Redis', () => {
  /** A TCP proxy to the real Redis that the test can cut, as a network partition would. */
  async function redisProxy(): Promise<string> {
    const target = new URL(redisUrl!);
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = { server, sockets };
    const url = new URL(redisUrl!);
    url.port = String((server.address() as { port: number }).port);
    return url.href;
  }

  it('two apps on one Redis share one budget', async () => {
    const api = await testApi();
    redis = await connectRedis(redisUrl!);
    const [a, b] = [limitedApp(api, redis), limitedApp(api, redis)];
    expect([...(await statuses(a, api.account.key, 2)), ...(await statuses(b, api.account.key, 2))]).toEqual([
      200, 200, 200, 429,
    ]);
  });

  it('Redis lost mid-flight: the API keeps serving (fail open to per-process counts), logged', async () => {
    const api = await testApi();
    const logged: string[] = [];
    redis = await connectRedis(await redisProxy(), (line) => logged.push(line));
    const app = limitedApp(api, redis);
    expect(await statuses(app, api.account.key, 1)).toEqual([200]);
    proxy!.server.close();
    for (const socket of proxy!.sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await statuses(app, api.account.key, 4);
    expect(during.slice(0, 3)).toEqual([200, 200, 200]);
    expect(during[3]).toBe(429);
    expect(logged).toEqual([expect.stringMatching(/is unavailable \(connection closed\)/)]);
  });
});
