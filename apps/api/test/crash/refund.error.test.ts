import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/demo';
import type { Db } from '../../src/store/db';
import { createFixturesOver } from '../contract/harness';
import { type ProcessStore, processStore, type StartedServer, startServerProcess } from '../support/server-process';

/**
 * A refund is one transaction: SIGKILL after the refund row is written, before its events and the stored response,
 * leaves no trace (no refund, nothing added to the order, no event); the retry with the same key refunds once.
 */

let store: ProcessStore | undefined;
let server: StartedServer | undefined;

afterEach(async () => {
  await server?.kill();
  server = undefined;
  store?.cleanup();
  store = undefined;
});

function over(baseUrl: string) {
  return async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return fetch(`${baseUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body,
      redirect: 'manual',
    });
  };
}

async function refund(baseUrl: string, key: string, orderId: string, idempotencyKey: string) {
  const res = await fetch(`${baseUrl}/v1/orders/${orderId}/refunds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ amount: 4 }),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() };
}

const state = (db: Db, orderId: string) =>
  db
    .query<{ refunds: number; refunded: number; events: number }>(
      `select (select count(*)::int from refunds where order_id = $1) as refunds,
              (select amount_refunded::int from orders where id = $1) as refunded,
              (select count(*)::int from events where type = 'refund.created') as events`,
      [orderId],
    )
    .then(([row]) => row!);

describe('SIGKILL in the middle of a refund', () => {
  it('refund.create:after-write: nothing of it stays; the retry with its key refunds exactly once', async () => {
    store = await processStore();
    const { key } = (await store.use((db) => seedDemoData(db, new Date())))!;
    server = await startServerProcess(store);
    // A paid 10.00 order (paid on the hosted page), 1.00 of it refunded already.
    const { orderId } = await createFixturesOver({ fetch: over(server.baseUrl), key });
    await server.stop();
    const before = await store.use((db) => state(db, orderId));
    expect(before).toEqual({ refunds: 1, refunded: 100, events: 1 });

    server = await startServerProcess(store, { SOLIFYN_CRASH_AT: 'refund.create:after-write' });
    const idempotencyKey = `refund-${randomUUID()}`;
    await expect(refund(server.baseUrl, key, orderId, idempotencyKey)).rejects.toThrow();
    await server.exited;
    expect(await store.use((db) => state(db, orderId))).toEqual(before);

    server = await startServerProcess(store);
    let settled = await refund(server.baseUrl, key, orderId, idempotencyKey);
    for (let attempt = 0; settled.status === 409 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      settled = await refund(server.baseUrl, key, orderId, idempotencyKey);
    }
    expect([settled.status, settled.replayed, settled.body.amount]).toEqual([201, null, 4]);
    const again = await refund(server.baseUrl, key, orderId, idempotencyKey);
    expect([again.status, again.replayed, again.body]).toEqual([201, 'true', settled.body]);
    await server.stop();
    server = undefined;
    expect(await store.use((db) => state(db, orderId))).toEqual({ refunds: 2, refunded: 500, events: 2 });
  }, 120_000);
});
