import { randomBase62 } from '../domain/ids';
import type { Db } from './db';

/** The channel migration 0003's triggers notify on; payloads are cache tags (`product:prod_…`, `key:key_…`). */
export const cacheChannel = 'solifyn_cache';

/**
 * How stale a cached row may be, at most, on any replica: a change committed at T is seen everywhere by T + this.
 * The spec's descriptions and the README state it.
 */
export const cacheStalenessBoundMs = 1000;
/** Backstop for a bug in invalidation: an entry is read again after this long whatever happened. */
export const cacheEntryTtlMs = 30_000;
/** How often a PostgreSQL replica checks that its LISTEN connection still delivers (see `freshUntil`). */
export const heartbeatIntervalMs = 250;
/** Entries per kind; the oldest go first past it (a busy account's keys and products fit many times over). */
const maxEntriesPerKind = 10_000;

export type CacheKind = 'key' | 'product' | 'discount';

interface Entry {
  value: unknown;
  tag: string;
  storedAt: number;
}

/**
 * The hot-path read cache for API keys, products and discount codes, shared by every request of one process.
 *
 * Correctness rests on notifications, not on time: migration 0003's triggers notify `solifyn_cache` with the
 * changed row's tag from the transaction that changes it, on every engine and for every writer. This process
 * drops the tagged entries when the notification arrives.
 *
 * - PGlite delivers a notification before the statement that raised it resolves, so a change is visible to the
 *   next request (and nothing else can write to the data directory).
 * - PostgreSQL delivers notifications asynchronously on the LISTEN connection, in commit order. Every
 *   `heartbeatIntervalMs` this process notifies a heartbeat of its own and notes when it sent it; receiving it
 *   proves that every change committed before that moment has been delivered. Entries are served only while the
 *   last heartbeat received was sent less than `cacheStalenessBoundMs` ago — a dropped or stalled LISTEN
 *   connection (the cases a notification can be missed) turns the cache off within the bound, and it is emptied
 *   when the listen is re-established. So a change committed at T is seen by every replica by T + 1 s.
 *
 * Only rows that exist are cached: a miss is always asked of the database.
 */
export class StoreCache {
  readonly #db: Db;
  readonly #entries = new Map<CacheKind, Map<string, Entry>>();
  readonly #byTag = new Map<string, Set<string>>();
  readonly #instance = randomBase62(12);
  #listening = false;
  #unlisten: (() => Promise<void>) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #heartbeatSeq = 0;
  #heartbeatsReceived = 0;
  readonly #heartbeatsSent = new Map<number, number>();
  /** performance.now() until which cached entries may be served (PostgreSQL); Infinity on PGlite once listening. */
  #freshUntil = 0;
  #closed = false;

  constructor(db: Db) {
    this.#db = db;
    for (const kind of ['key', 'product', 'discount'] as const) this.#entries.set(kind, new Map());
  }

  /** Starts listening (and, on PostgreSQL, the heartbeat). Until it resolves nothing is served from the cache. */
  async start(): Promise<void> {
    this.#unlisten = await this.#db.listen(
      cacheChannel,
      (payload) => this.#onNotification(payload),
      () => this.#onListening(),
    );
    if (this.#db.engine === 'postgres') {
      this.#heartbeat = setInterval(() => void this.#sendHeartbeat(), heartbeatIntervalMs);
      this.#heartbeat.unref();
      await this.#sendHeartbeat();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#freshUntil = 0;
    this.clear();
    await this.#unlisten?.().catch(() => {});
  }

  /** Whether entries may be served now (see the class comment). */
  get fresh(): boolean {
    return this.#listening && performance.now() < this.#freshUntil;
  }

  /** The cached value for `key` if the cache is fresh and holds one, without waiting for anything (the hot path). */
  cached<T>(kind: CacheKind, key: string): T | undefined {
    if (!this.fresh) return undefined;
    const hit = this.#entries.get(kind)!.get(key);
    return hit && performance.now() - hit.storedAt < cacheEntryTtlMs ? (hit.value as T) : undefined;
  }

  /**
   * The cached value for `key`, or `load()`'s, stored under `tag` when it is not null. Served from memory only
   * while the cache is fresh; `db` is the handle to load with (a transaction's, inside one).
   */
  async read<T>(kind: CacheKind, key: string, load: () => Promise<T | null>, tagOf: (value: T) => string) {
    const hit = this.cached<T>(kind, key);
    if (hit !== undefined) return hit;
    // Whatever this load returns was read after `generation`: if an invalidation arrives before it resolves, the
    // value may predate the change and is not stored.
    const generation = this.#generation;
    const value = await load();
    if (value !== null && this.fresh && generation === this.#generation) this.#store(kind, key, value, tagOf(value));
    return value;
  }

  /**
   * Resolves once every change committed before the call has reached this cache (at most `cacheStalenessBoundMs`
   * later; immediately on PGlite). On PostgreSQL a heartbeat is sent and awaited: notifications arrive in commit
   * order. If it does not come back within the bound the cache is emptied instead.
   */
  async sync(): Promise<void> {
    if (this.#db.engine !== 'postgres' || !this.#listening) return;
    const seq = await this.#sendHeartbeat();
    const deadline = performance.now() + cacheStalenessBoundMs;
    while (this.#heartbeatsReceived < seq && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (this.#heartbeatsReceived < seq) this.clear();
  }

  /** Drops every entry tagged `tag` in this process (the writer's own read-your-writes; others hear the trigger). */
  invalidate(tag: string): void {
    this.#generation += 1;
    const keys = this.#byTag.get(tag);
    if (!keys) return;
    this.#byTag.delete(tag);
    for (const composite of keys) {
      const [kind, key] = splitComposite(composite);
      this.#entries.get(kind)?.delete(key);
    }
  }

  clear(): void {
    this.#generation += 1;
    for (const entries of this.#entries.values()) entries.clear();
    this.#byTag.clear();
  }

  #generation = 0;

  #store(kind: CacheKind, key: string, value: unknown, tag: string): void {
    const entries = this.#entries.get(kind)!;
    if (entries.size >= maxEntriesPerKind) {
      const oldest = entries.keys().next().value as string;
      const old = entries.get(oldest)!;
      entries.delete(oldest);
      this.#byTag.get(old.tag)?.delete(`${kind}\u0000${oldest}`);
    }
    entries.delete(key);
    entries.set(key, { value, tag, storedAt: performance.now() });
    let keys = this.#byTag.get(tag);
    if (!keys) this.#byTag.set(tag, (keys = new Set()));
    keys.add(`${kind}\u0000${key}`);
  }

  #onListening(): void {
    // (Re)connected: notifications sent while we were not listening are lost, so nothing cached can be trusted.
    this.clear();
    this.#listening = !this.#closed;
    if (this.#db.engine === 'pglite') this.#freshUntil = Number.POSITIVE_INFINITY;
  }

  #onNotification(payload: string): void {
    if (payload.startsWith('hb:')) {
      const [, instance, seq] = payload.split(':');
      if (instance !== this.#instance) return;
      const sentAt = this.#heartbeatsSent.get(Number(seq));
      if (sentAt === undefined) return;
      for (const s of this.#heartbeatsSent.keys()) if (s <= Number(seq)) this.#heartbeatsSent.delete(s);
      this.#heartbeatsReceived = Math.max(this.#heartbeatsReceived, Number(seq));
      this.#freshUntil = Math.max(this.#freshUntil, sentAt + cacheStalenessBoundMs);
      return;
    }
    this.invalidate(payload);
  }

  async #sendHeartbeat(): Promise<number> {
    const seq = ++this.#heartbeatSeq;
    if (this.#closed) return seq;
    this.#heartbeatsSent.set(seq, performance.now());
    // Unanswered heartbeats (a dead connection) must not pile up.
    if (this.#heartbeatsSent.size > 64) this.#heartbeatsSent.delete(this.#heartbeatsSent.keys().next().value!);
    try {
      await this.#db.query('select pg_notify($1, $2)', [cacheChannel, `hb:${this.#instance}:${seq}`]);
    } catch {
      // The database is unreachable: the heartbeat does not come back and the cache turns itself off.
    }
    return seq;
  }
}

function splitComposite(composite: string): [CacheKind, string] {
  const at = composite.indexOf('\u0000');
  return [composite.slice(0, at) as CacheKind, composite.slice(at + 1)];
}
