import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheEntryTtlMs, cacheStalenessBoundMs, StoreCache } from '../../src/store/cache';
import type { Db } from '../../src/store/db';
import { createTestAccount, testDb } from '../support/db';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('StoreCache.cached (the synchronous hot-path read)', () => {
  it('serves what read() stored, until it is invalidated, the cache is stopped, or the entry is past its TTL', async () => {
    const cache = new StoreCache(await testDb());
    await cache.start();
    await vi.waitFor(() => expect(cache.fresh).toBe(true)); // on PostgreSQL, once its first heartbeat is back
    try {
      const row = { id: 'key_1', name: 'row' };
      expect(cache.cached('key', 'h1')).toBeUndefined(); // never read: the caller asks the database
      expect(
        await cache.read(
          'key',
          'h1',
          async () => row,
          (r) => `key:${r.id}`,
        ),
      ).toBe(row);
      expect(cache.cached('key', 'h1')).toBe(row);
      expect(cache.cached('product', 'h1')).toBeUndefined(); // per kind

      cache.invalidate('key:key_1');
      expect(cache.cached('key', 'h1')).toBeUndefined();

      await cache.read(
        'key',
        'h1',
        async () => row,
        (r) => `key:${r.id}`,
      );
      expect(cache.cached('key', 'h1')).toBe(row);
      const later = performance.now() + cacheEntryTtlMs + 1;
      vi.spyOn(performance, 'now').mockReturnValue(later);
      expect(cache.cached('key', 'h1')).toBeUndefined();
    } finally {
      vi.restoreAllMocks();
      await cache.close();
    }
    expect(cache.cached('key', 'h1')).toBeUndefined();
  });
});

/**
 * `db` with its notifications handed over `delayMs` late, in order, as a loaded LISTEN connection on PostgreSQL
 * may; and its heartbeat statements counted. (PGlite delivers before the statement returns: no delay there.)
 */
function slowListen(db: Db, delayMs: number): { db: Db; heartbeats: () => number; deaf: (on: boolean) => void } {
  let heartbeats = 0;
  let deaf = false;
  const wrapped: Db = {
    ...db,
    engine: db.engine,
    query: (text, params) => {
      if (text.startsWith('select pg_notify')) heartbeats += 1;
      return db.query(text, params);
    },
    listen: (channel, onMessage, onListening) =>
      db.listen(
        channel,
        (payload) => {
          if (deaf) return;
          if (delayMs > 0) setTimeout(() => onMessage(payload), delayMs);
          else onMessage(payload);
        },
        onListening,
      ),
  };
  return { db: wrapped, heartbeats: () => heartbeats, deaf: (on) => (deaf = on) };
}

describe('StoreCache.readConsistent (checkout sessions: read-after-write)', () => {
  const lastUsed = async (db: Db, keyId: string) =>
    (await db.query<{ at: Date | null }>('select expires_at as at from api_keys where id = $1', [keyId]))[0]!.at;

  it('never serves an entry older than a change committed before the call, however late its notification comes', async () => {
    const base = await testDb();
    const { db } = slowListen(base, base.engine === 'postgres' ? 40 : 0);
    const cache = new StoreCache(db);
    await cache.start();
    await vi.waitFor(() => expect(cache.fresh).toBe(true)); // on PostgreSQL, once its first heartbeat is back
    const { key_id: keyId } = await createTestAccount();
    let loads = 0;
    const read = () =>
      cache.readConsistent(
        'key',
        keyId,
        () => {
          loads += 1;
          return lastUsed(base, keyId);
        },
        () => `key:${keyId}`,
      );
    try {
      for (let i = 1; i <= 10; i++) {
        await base.query('update api_keys set expires_at = to_timestamp($2) where id = $1', [keyId, i]);
        expect((await read())?.getTime()).toBe(i * 1000);
        // The update's own notification may still be on its way and drop what that read stored; once a barrier has
        // seen it through, an unchanged row comes from memory.
        expect((await read())?.getTime()).toBe(i * 1000);
        const before = loads;
        expect((await read())?.getTime()).toBe(i * 1000);
        expect(loads).toBe(before);
      }
    } finally {
      await cache.close();
    }
    // Closed: no barrier, so every read asks the database.
    const before = loads;
    await read();
    expect(loads).toBe(before + 1);
  });

  it.skipIf(process.env.DATABASE_URL === undefined)(
    'on PostgreSQL, a read that starts while a barrier is on its way waits for a later one: a change committed in between is seen',
    async () => {
      const base = await testDb();
      if (base.engine !== 'postgres') return;
      const { db } = slowListen(base, 60);
      const cache = new StoreCache(db);
      await cache.start();
      await vi.waitFor(() => expect(cache.fresh).toBe(true));
      try {
        const { key_id: keyId } = await createTestAccount();
        const read = () =>
          cache.readConsistent(
            'key',
            keyId,
            async () => (await lastUsed(base, keyId))?.getTime() ?? null,
            () => `key:${keyId}`,
          );
        for (let i = 1; i <= 5; i++) {
          await base.query('update api_keys set expires_at = to_timestamp($2) where id = $1', [keyId, i]);
          await read();
          expect(await read()).toBe(i * 1000); // in memory, the barriers done
          const first = read(); // its heartbeat leaves now, and comes back 60 ms late
          await new Promise((resolve) => setTimeout(resolve, 15));
          await base.query('update api_keys set expires_at = to_timestamp($2) where id = $1', [keyId, i + 100]);
          // Committed after the first read's heartbeat left: that heartbeat proves nothing about it.
          const second = read();
          expect(await second).toBe((i + 100) * 1000);
          expect([i * 1000, (i + 100) * 1000]).toContain(await first);
        }
      } finally {
        await cache.close();
      }
    },
  );

  it.skipIf(process.env.DATABASE_URL === undefined)(
    'on PostgreSQL, 200 reads at once share a few heartbeats, not one each',
    async () => {
      const base = await testDb();
      if (base.engine !== 'postgres') return;
      const { db, heartbeats } = slowListen(base, 0);
      const cache = new StoreCache(db);
      await cache.start();
      await vi.waitFor(() => expect(cache.fresh).toBe(true));
      try {
        const { key_id: keyId } = await createTestAccount();
        const read = () =>
          cache.readConsistent(
            'key',
            keyId,
            () => lastUsed(base, keyId).then((at) => ({ at })),
            () => `key:${keyId}`,
          );
        await read();
        const first = await read(); // from memory from here on
        const sent = heartbeats();
        const all = await Promise.all(Array.from({ length: 200 }, read));
        for (const value of all) expect(value).toBe(first);
        // One barrier for the 200, perhaps one more if a periodic heartbeat was on its way; never one per read.
        expect(heartbeats() - sent).toBeLessThanOrEqual(3);
      } finally {
        await cache.close();
      }
    },
  );
});

describe.skipIf(process.env.DATABASE_URL === undefined)(
  'StoreCache.readConsistent, LISTEN stalled (PostgreSQL)',
  () => {
    it('a change whose notification never comes is still read: the barrier gives up within the bound and asks the database', async () => {
      const base = await testDb();
      if (base.engine !== 'postgres') return;
      const { db, deaf } = slowListen(base, 0);
      const cache = new StoreCache(db);
      await cache.start();
      await vi.waitFor(() => expect(cache.fresh).toBe(true));
      try {
        const { key_id: keyId } = await createTestAccount();
        const read = () =>
          cache.readConsistent(
            'key',
            keyId,
            async () =>
              (
                await base.query<{ at: Date | null }>('select expires_at as at from api_keys where id = $1', [keyId])
              )[0]!.at,
            () => `key:${keyId}`,
          );
        // A row whose value is null is not cached (only existing values are): give it one, and read it into memory.
        await base.query(`update api_keys set expires_at = to_timestamp(6) where id = $1`, [keyId]);
        await read();
        await read();
        deaf(true); // notifications and heartbeats are lost from here on, as on a connection that stalled
        await base.query(`update api_keys set expires_at = to_timestamp(7) where id = $1`, [keyId]);
        const started = performance.now();
        expect((await read())?.getTime()).toBe(7000);
        expect(performance.now() - started).toBeLessThan(cacheStalenessBoundMs + 500);
        // No longer fresh: straight to the database, without waiting for a barrier.
        await base.query(`update api_keys set expires_at = to_timestamp(8) where id = $1`, [keyId]);
        const again = performance.now();
        expect((await read())?.getTime()).toBe(8000);
        expect(performance.now() - again).toBeLessThan(200);
      } finally {
        await cache.close();
      }
    });
  },
);
