import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheEntryTtlMs, cacheStalenessBoundMs, StoreCache } from '../../src/store/cache';
import type { Db } from '../../src/store/db';
import { createTestAccount, testDb, testEngine } from '../support/db';

/** Caches started by `watchedKey`, stopped after each test (closing twice is harmless). */
const startedCaches: StoreCache[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(startedCaches.splice(0).map((cache) => cache.close()));
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
function slowListen(db: Db, delayMs: number) {
  let heartbeats = 0;
  let deaf = false;
  let refuseHeartbeats = false;
  const wrapped: Db = {
    ...db,
    engine: db.engine,
    query: (text, params) => {
      if (text.startsWith('select pg_notify')) {
        heartbeats += 1;
        if (refuseHeartbeats) return Promise.reject(new Error('connection terminated'));
      }
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
  return {
    db: wrapped,
    heartbeats: () => heartbeats,
    /** Loses every notification from now on, as a stalled LISTEN connection does. */
    deaf: (on: boolean) => (deaf = on),
    /** Fails every heartbeat statement from now on, as a database that went away does. */
    refuseHeartbeats: (on: boolean) => (refuseHeartbeats = on),
  };
}

/**
 * A started cache over the worker's database whose notifications come `delayMs` late (see slowListen), and one API
 * key's `expires_at` (ms, or null) read through `readConsistent`, its loads counted. The key's trigger (0005)
 * notifies when `expires_at` changes, as a session's (0011) does on any change.
 */
async function watchedKey(delayMs: number) {
  const base = await testDb();
  const listen = slowListen(base, base.engine === 'postgres' ? delayMs : 0);
  const cache = new StoreCache(listen.db);
  startedCaches.push(cache);
  await cache.start();
  await vi.waitFor(() => expect(cache.fresh).toBe(true)); // on PostgreSQL, once its first heartbeat is back
  const { key_id: keyId } = await createTestAccount();
  let loads = 0;
  const read = () =>
    cache.readConsistent(
      'key',
      keyId,
      async () => {
        loads += 1;
        const [row] = await base.query<{ at: Date | null }>('select expires_at as at from api_keys where id = $1', [
          keyId,
        ]);
        return row!.at?.getTime() ?? null;
      },
      () => `key:${keyId}`,
    );
  const setExpiry = (seconds: number) =>
    base.query('update api_keys set expires_at = to_timestamp($2) where id = $1', [keyId, seconds]);
  return {
    cache,
    ...listen,
    loads: () => loads,
    read,
    /** Commits a new `expires_at` (seconds since the epoch) from another connection than the cache's. */
    setExpiry,
    /**
     * Sets `expires_at` and reads it into memory: the second read's barrier has seen the update's own notification
     * through. (A null value would not be cached: only existing values are.)
     */
    async cached(seconds: number) {
      await setExpiry(seconds);
      await read();
      await read();
    },
  };
}

const notPostgres = testEngine() !== 'postgres';

describe('StoreCache.readConsistent (checkout sessions: read-after-write)', () => {
  it('never serves an entry older than a change committed before the call, however late its notification comes', async () => {
    const key = await watchedKey(40);
    for (let i = 1; i <= 10; i++) {
      await key.setExpiry(i);
      expect(await key.read()).toBe(i * 1000);
      // The update's own notification may still be on its way and drop what that read stored; once a barrier has
      // seen it through, an unchanged row comes from memory.
      expect(await key.read()).toBe(i * 1000);
      const before = key.loads();
      expect(await key.read()).toBe(i * 1000);
      expect(key.loads()).toBe(before);
    }
    await key.cache.close();
    // Closed: no barrier, so every read asks the database.
    const before = key.loads();
    await key.read();
    expect(key.loads()).toBe(before + 1);
  });

  it.skipIf(notPostgres)(
    'on PostgreSQL, a read that starts while a barrier is on its way waits for a later one: a change committed in between is seen',
    async () => {
      const key = await watchedKey(60);
      for (let i = 1; i <= 5; i++) {
        await key.cached(i);
        expect(await key.read()).toBe(i * 1000);
        const first = key.read(); // its heartbeat leaves now, and comes back 60 ms late
        await new Promise((resolve) => setTimeout(resolve, 15));
        await key.setExpiry(i + 100);
        // Committed after the first read's heartbeat left: that heartbeat proves nothing about it.
        expect(await key.read()).toBe((i + 100) * 1000);
        expect([i * 1000, (i + 100) * 1000]).toContain(await first);
      }
    },
  );

  it.skipIf(notPostgres)('on PostgreSQL, 200 reads at once share a few heartbeats, not one each', async () => {
    const key = await watchedKey(0);
    await key.cached(5);
    const loads = key.loads();
    const sent = key.heartbeats();
    const all = await Promise.all(Array.from({ length: 200 }, key.read));
    for (const value of all) expect(value).toBe(5000);
    expect(key.loads()).toBe(loads);
    // One barrier for the 200, perhaps one more if a periodic heartbeat was on its way; never one per read.
    expect(key.heartbeats() - sent).toBeLessThanOrEqual(3);
  });

  it.skipIf(notPostgres)(
    'on PostgreSQL, a change whose notification never comes is still read: the barrier gives up within the bound and asks the database',
    async () => {
      const key = await watchedKey(0);
      await key.cached(6);
      key.deaf(true); // notifications and heartbeats are lost from here on, as on a connection that stalled
      await key.setExpiry(7);
      const started = performance.now();
      expect(await key.read()).toBe(7000);
      expect(performance.now() - started).toBeLessThan(cacheStalenessBoundMs + 500);
      // No longer fresh: straight to the database, without waiting for a barrier.
      await key.setExpiry(8);
      const again = performance.now();
      expect(await key.read()).toBe(8000);
      expect(performance.now() - again).toBeLessThan(200);
    },
  );

  it.skipIf(notPostgres)(
    'on PostgreSQL, a heartbeat whose statement fails ends its barrier at once, and the read asks the database',
    async () => {
      const key = await watchedKey(0);
      await key.cached(6);
      const loads = key.loads();
      key.refuseHeartbeats(true);
      const started = performance.now();
      expect(await key.read()).toBe(6000);
      expect(performance.now() - started).toBeLessThan(200); // not the bound's full second
      expect(key.loads()).toBe(loads + 1);
    },
  );
});
