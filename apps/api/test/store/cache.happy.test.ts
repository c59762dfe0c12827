import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheEntryTtlMs, StoreCache } from '../../src/store/cache';
import { testDb } from '../support/db';

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
