import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo';
import type { CrashStep } from '../../src/faults';
import type { Db } from '../../src/store/db';
import { type ProcessStore, processStore, type StartedServer, startServerProcess } from '../support/server-process';

/**
 * Exactly once across a crash: the real server (src/main.ts) in a child process is killed with SIGKILL at a named
 * step of a POST carrying an Idempotency-Key, started again on the same store, and the request retried with its
 * key until it is no longer 409 — as the SDK would. One effect, and from then on the same response every time.
 */

let store: ProcessStore | undefined;
let server: StartedServer | undefined;

afterEach(async () => {
  await server?.kill();
  server = undefined;
  store?.cleanup();
  store = undefined;
});

async function post(
  baseUrl: string,
  path: string,
  key: string,
  idempotencyKey: string,
  body: unknown,
): Promise<{ status: number; replayed: string | null; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() };
}

/** Retries like a client that got no answer: same key and body, until the answer is not 409 in_use. */
async function retryUntilSettled(baseUrl: string, path: string, key: string, idempotencyKey: string, body: unknown) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await post(baseUrl, path, key, idempotencyKey, body);
    if (res.status !== 409) return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still 409 after 50 retries of ${idempotencyKey}`);
}

const count = (db: Db, table: string) =>
  db.query<{ n: number }>(`select count(*)::int as n from ${table}`).then(([row]) => row!.n);

const cases: { step: CrashStep; path: string; table: string; effectCommitted: boolean }[] = [
  {
    step: 'checkout.create:before-write',
    path: '/v1/checkout/create',
    table: 'checkout_sessions',
    effectCommitted: false,
  },
  {
    step: 'checkout.create:after-write',
    path: '/v1/checkout/create',
    table: 'checkout_sessions',
    effectCommitted: true,
  },
  { step: 'idempotency:before-commit', path: '/v1/products', table: 'products', effectCommitted: false },
  { step: 'idempotency:after-commit', path: '/v1/products', table: 'products', effectCommitted: true },
];

describe('SIGKILL at each step of a POST with an Idempotency-Key, then retries', () => {
  it.each(cases)(
    '$step: one effect, then the same response every time',
    async ({ step, path, table, effectCommitted }) => {
      store = await processStore();
      const { key, productId, before } = await store.use(async (db) => {
        const demo = (await seedDemoData(db, new Date()))!;
        return { key: demo.key, productId: demo.fixedProductId, before: await count(db, table) };
      });
      const body =
        path === '/v1/checkout/create'
          ? { productId, quantity: 2, customFields: { userId: 'user_9983' } }
          : { name: 'Crash pack', prices: [{ currency: 'usd', amount: 9 }] };

      server = await startServerProcess(store, { SOLIFYN_CRASH_AT: step });
      const idempotencyKey = `crash-${randomUUID()}`;
      await expect(post(server.baseUrl, path, key, idempotencyKey, body)).rejects.toThrow();
      await server.exited;

      server = await startServerProcess(store);
      const settled = await retryUntilSettled(server.baseUrl, path, key, idempotencyKey, body);
      expect(settled.status).toBe(201);
      // Committed before the kill: the retry replays it. Not committed: the retry is the first run.
      expect(settled.replayed).toBe(effectCommitted ? 'true' : null);
      const again = await post(server.baseUrl, path, key, idempotencyKey, body);
      expect([again.status, again.replayed, again.body]).toEqual([201, 'true', settled.body]);
      await server.stop();
      server = undefined;

      expect(await store.use((db) => count(db, table))).toBe(before + 1);
    },
    120_000,
  );
});

describe('SIGKILL under load: 16 clients, each request with its own key', () => {
  it('every key ends with exactly one session; nothing acknowledged is lost', async () => {
    store = await processStore();
    const demo = (await store.use((db) => seedDemoData(db, new Date())))!;
    const { key, fixedProductId: productId } = demo;
    server = await startServerProcess(store);
    const body = { productId, quantity: 1, customerEmail: 'customer@example.com' };
    const acknowledged = new Map<string, string>();
    const cutOff = new Set<string>();
    let killed = false;
    const baseUrl = server.baseUrl;
    const client = async () => {
      while (!killed) {
        const idempotencyKey = randomUUID();
        try {
          const res = await post(baseUrl, '/v1/checkout/create', key, idempotencyKey, body);
          if (res.status === 201) acknowledged.set(idempotencyKey, res.body.id);
          else cutOff.add(idempotencyKey);
        } catch {
          cutOff.add(idempotencyKey);
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.kill();
    killed = true;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThan(0);

    server = await startServerProcess(store);
    for (const idempotencyKey of cutOff) {
      const res = await retryUntilSettled(server.baseUrl, '/v1/checkout/create', key, idempotencyKey, body);
      expect(res.status).toBe(201);
      acknowledged.set(idempotencyKey, res.body.id);
    }
    for (const [idempotencyKey, id] of [...acknowledged].slice(0, 20)) {
      const replay = await post(server.baseUrl, '/v1/checkout/create', key, idempotencyKey, body);
      expect([replay.status, replay.body.id]).toEqual([201, id]);
    }
    await server.stop();
    server = undefined;

    const ids = await store.use((db) => db.query<{ id: string }>('select id from checkout_sessions'));
    expect(new Set(ids.map((r) => r.id))).toEqual(new Set(acknowledged.values()));
    expect(ids).toHaveLength(acknowledged.size);
  }, 120_000);
});
