import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo';
import { cacheStalenessBoundMs } from '../../src/store/cache';
import { testEngine } from '../support/db';
import { runAdminCli } from '../support/run-admin';
import { type ProcessStore, processStore, type StartedServer, startServerProcess } from '../support/server-process';

/**
 * Two API processes (src/main.ts, as `pnpm start` runs it) on one PostgreSQL: every guarantee holds across them.
 * PostgreSQL only — the embedded store belongs to one process. With REDIS_URL set (CI sets it) the suite also
 * runs with both replicas sharing one rate-limit budget; in CI it must.
 */
const redisUrl = process.env.REDIS_URL?.trim() || undefined;
if (process.env.CI === 'true' && testEngine() === 'postgres' && !redisUrl) {
  throw new Error('CI runs the replica suite with Redis: set REDIS_URL (.ci/run does)');
}

let store: ProcessStore | undefined;
let replicas: StartedServer[] = [];

afterEach(async () => {
  await Promise.all(replicas.map((r) => r.kill()));
  replicas = [];
  store?.cleanup();
  store = undefined;
});

async function twoReplicas(env: Record<string, string> = {}) {
  store = await processStore();
  const demo = (await store.use((db) => seedDemoData(db, new Date())))!;
  replicas = await Promise.all([startServerProcess(store, env), startServerProcess(store, env)]);
  return { key: demo.key, productId: demo.fixedProductId, keyId: await keyIdOf(demo.key) };
}

async function keyIdOf(secret: string): Promise<string> {
  const [row] = await store!.use((db) =>
    db.query<{ id: string }>(`select id from api_keys where key_prefix = $1`, [secret.slice(0, 12)]),
  );
  return row!.id;
}

async function call(
  replica: StartedServer,
  key: string,
  method: string,
  path: string,
  init: { body?: unknown; idempotencyKey?: string } = {},
) {
  const res = await fetch(`${replica.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const sessions = () =>
  store!.use((db) => db.query<{ n: number }>('select count(*)::int as n from checkout_sessions').then(([r]) => r!.n));

// A budget these tests never exhaust (102 requests within a second would pass 100/s shared in Redis).
const configurations = [
  { name: 'rate limits per replica (no Redis)', env: { REDIS_URL: '', RATE_LIMIT_REQUESTS: '10000' } },
  ...(redisUrl
    ? [{ name: 'rate limits shared in Redis', env: { REDIS_URL: redisUrl, RATE_LIMIT_REQUESTS: '10000' } }]
    : []),
];

describe.skipIf(testEngine() !== 'postgres').each(configurations)(
  'two replicas on one PostgreSQL: $name',
  ({ env }) => {
    it('100 concurrent requests with one Idempotency-Key across both: one session; the rest replay it or 409; another body 422', async () => {
      const { key, productId } = await twoReplicas(env);
      const body = { productId, quantity: 1, customFields: { userId: 'user_9983' } };
      const idempotencyKey = `replicas-${randomUUID()}`;
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          call(replicas[i % 2]!, key, 'POST', '/v1/checkout/create', { body, idempotencyKey }),
        ),
      );
      const created = responses.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of responses) expect([201, 409]).toContain(r.status);
      for (const r of responses.filter((r) => r.status === 409)) expect(r.body.code).toBe('idempotency_key_in_use');
      expect(await sessions()).toBe(1);

      for (const replica of replicas) {
        const replay = await call(replica, key, 'POST', '/v1/checkout/create', { body, idempotencyKey });
        expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([
          201,
          'true',
          created[0]!.body.id,
        ]);
        const other = await call(replica, key, 'POST', '/v1/checkout/create', {
          body: { ...body, quantity: 2 },
          idempotencyKey,
        });
        expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
      }
      expect(await sessions()).toBe(1);
    }, 120_000);

    it(`a key revoked with pnpm admin revoke-key is refused by both replicas within ${cacheStalenessBoundMs} ms`, async () => {
      const { key, keyId } = await twoReplicas(env);
      // Both replicas have the key cached: it was just used on each.
      for (const replica of replicas) expect((await call(replica, key, 'GET', '/v1/products')).status).toBe(200);

      const revoked = await runAdminCli(['revoke-key', '--key-id', keyId], store!.env);
      expect(revoked.code).toBe(0);
      const committedAt = performance.now();
      expect(JSON.parse(revoked.stdout)).toMatchObject({ key_id: keyId, mode: 'test' });
      const refusedAfter = await Promise.all(replicas.map((replica) => msUntilRefused(replica, key, committedAt)));
      for (const ms of refusedAfter) expect(ms).toBeLessThanOrEqual(cacheStalenessBoundMs);
    }, 120_000);

    it('a session changed through one replica reads as changed on the other at once, though it cached it (read-after-write)', async () => {
      const { key, productId } = await twoReplicas(env);
      const [a, b] = replicas as [StartedServer, StartedServer];
      for (let round = 0; round < 20; round++) {
        const created = await call(a, key, 'POST', '/v1/checkout/create', { body: { productId, quantity: 1 } });
        expect(created.status).toBe(201);
        const { id, session_id: sessionId } = created.body as { id: string; session_id: string };
        // Both replicas read it (by id and by session_id): each now holds it in its cache.
        for (const replica of replicas) {
          for (const ref of [id, sessionId])
            expect((await call(replica, key, 'GET', `/v1/checkout/${ref}`)).body.status).toBe('open');
        }
        const [writer, reader] = round % 2 === 0 ? [a, b] : [b, a];
        expect((await call(writer, key, 'POST', `/v1/checkout/${id}/expire`)).status).toBe(200);
        // The next read on the other replica, sent right after the write was acknowledged, never says `open`.
        for (const ref of [id, sessionId]) {
          expect((await call(reader, key, 'GET', `/v1/checkout/${ref}`)).body.status).toBe('expired');
        }
      }
      // A hand-written UPDATE (no replica involved) is read at once too.
      const created = await call(a, key, 'POST', '/v1/checkout/create', { body: { productId, quantity: 1 } });
      for (const replica of replicas) await call(replica, key, 'GET', `/v1/checkout/${created.body.id}`);
      await store!.use((db) =>
        db.query(`update checkout_sessions set aff = 'by-hand' where id = $1`, [created.body.id]),
      );
      for (const replica of replicas) {
        expect((await call(replica, key, 'GET', `/v1/checkout/${created.body.id}`)).body.aff).toBe('by-hand');
      }
    }, 120_000);

    it('a revocation while the replicas’ LISTEN connections are down is still refused within the bound', async () => {
      const { key, keyId } = await twoReplicas(env);
      for (const replica of replicas) expect((await call(replica, key, 'GET', '/v1/products')).status).toBe(200);
      // Cut every replica's LISTEN connection, then revoke before they are back: the notification is never seen.
      await store!.use(async (db) => {
        await db.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`,
        );
        await db.query('update api_keys set revoked_at = now() where id = $1', [keyId]);
      });
      const committedAt = performance.now();
      const refusedAfter = await Promise.all(replicas.map((replica) => msUntilRefused(replica, key, committedAt)));
      for (const ms of refusedAfter) expect(ms).toBeLessThanOrEqual(cacheStalenessBoundMs);
    }, 120_000);
  },
);

describe.skipIf(testEngine() !== 'postgres' || !redisUrl)('two replicas sharing Redis', () => {
  it('one rate-limit budget: the 11th request of a 10-per-minute key is refused on whichever replica', async () => {
    const { key } = await twoReplicas({
      REDIS_URL: redisUrl!,
      RATE_LIMIT_REQUESTS: '10',
      RATE_LIMIT_WINDOW_SECONDS: '60',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(replicas[i % 2]!, key, 'GET', '/v1/products')).status);
    expect(statuses).toEqual(Array(10).fill(200));
    for (const replica of replicas) {
      const limited = await call(replica, key, 'GET', '/v1/products');
      expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
      expect(limited.headers.get('ratelimit-policy')).toBe('"default";q=10;w=60');
    }
  }, 120_000);

  it('a leased budget (200 per minute, leases of 10): 300 concurrent requests across both admit 190–200, never more', async () => {
    const { key } = await twoReplicas({
      REDIS_URL: redisUrl!,
      RATE_LIMIT_REQUESTS: '200',
      RATE_LIMIT_WINDOW_SECONDS: '60',
    });
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => call(replicas[i % 2]!, key, 'GET', '/v1/products')),
    );
    const admitted = responses.filter((res) => res.status === 200);
    const refused = responses.filter((res) => res.status === 429);
    expect(admitted.length + refused.length).toBe(300);
    // A replica that ran out of requests while holding points of its last lease strands at most one lease.
    expect(admitted.length).toBeLessThanOrEqual(200);
    expect(admitted.length).toBeGreaterThanOrEqual(190);
    for (const res of refused) {
      expect(res.body.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Whichever replica answers, the window is spent: nothing more is admitted.
    for (const replica of replicas) expect((await call(replica, key, 'GET', '/v1/products')).status).toBe(429);
  }, 120_000);
});

/** Polls `replica` with `key` until it answers 401; how long after `since` that was. */
async function msUntilRefused(replica: StartedServer, key: string, since: number): Promise<number> {
  for (;;) {
    const { status } = await call(replica, key, 'GET', '/v1/products');
    if (status === 401) return performance.now() - since;
    expect(status).toBe(200);
    if (performance.now() - since > 5000) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
