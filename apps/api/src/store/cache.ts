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

export type CacheKind = 'key' | 'product' | 'discount' | 'session';

interface Entry {
  value: unknown;
  tag: string;
  storedAt: number;
}

/**
 * The hot-path read cache for API keys, products, discount codes and checkout sessions, shared by every request of
 * one process.
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
 *
 * Checkout sessions change as customers pay, so the 1 s bound is not good enough for them: a merchant that reads a
 * session after its webhook says it was paid must not be told `open` by another replica. They are read through
 * `readConsistent`, which serves a cached session only after a read barrier (`barrier`): a heartbeat sent after the
 * request arrived has come back, so every change committed before it — every write any client was told about — has
 * already dropped its entries. The requests waiting at one time share one heartbeat.
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
    for (const kind of ['key', 'product', 'discount', 'session'] as const) this.#entries.set(kind, new Map());
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
    this.#settleBarrier(false);
    this.#nextBarrier?.resolve(false);
    this.#nextBarrier = null;
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
    return hit !== undefined ? hit : this.#load(kind, key, load, tagOf);
  }

  /**
   * Like `read`, but a cached value is served only once every change committed before the call has reached this
   * cache (`barrier`): read-after-write holds across replicas. Without an entry, or when the barrier fails, it loads.
   */
  async readConsistent<T>(
    kind: CacheKind,
    key: string,
    load: () => Promise<T | null>,
    tagOf: (value: T) => string,
  ): Promise<T | null> {
    // Not fresh: no heartbeat came back for a while (a stalled LISTEN), so a barrier would only time out.
    if (this.fresh && this.#entries.get(kind)!.has(key) && (await this.barrier())) {
      const hit = this.cached<T>(kind, key);
      if (hit !== undefined) return hit;
    }
    return this.#load(kind, key, load, tagOf);
  }

  /** `load()`'s value, stored under its tag when it is not null and nothing was invalidated while it loaded. */
  async #load<T>(kind: CacheKind, key: string, load: () => Promise<T | null>, tagOf: (value: T) => string) {
    // Whatever this load returns was read after `generation`: if an invalidation arrives before it resolves, the
    // value may predate the change and is not stored.
    const generation = this.#generation;
    const value = await load();
    if (value !== null && this.fresh && generation === this.#generation) this.#store(kind, key, value, tagOf(value));
    return value;
  }

  /**
   * Resolves true once every change committed before the call has reached this cache: at once on PGlite; on
   * PostgreSQL when a heartbeat sent after the call has come back (notifications arrive in commit order). The calls
   * made while a heartbeat is on its way share the next one, so under load a barrier costs a fraction of a
   * statement per request. False when not listening, or when the heartbeat is not back within
   * `cacheStalenessBoundMs` (the caller then asks the database).
   */
  barrier(): Promise<boolean> {
    if (!this.#listening || this.#closed) return Promise.resolve(false);
    if (this.#db.engine !== 'postgres') return Promise.resolve(true);
    if (!this.#nextBarrier) {
      let resolve!: (synced: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      this.#nextBarrier = { promise, resolve };
      // The requests of this event-loop turn join it; sent now unless a heartbeat is already on its way for others.
      if (this.#barrierInFlight === null) setImmediate(() => this.#sendBarrier());
    }
    return this.#nextBarrier.promise;
  }

  /**
   * Resolves once every change committed before the call has reached this cache (immediately on PGlite). If the
   * heartbeat does not come back within `cacheStalenessBoundMs` the cache is emptied instead.
   */
  async sync(): Promise<void> {
    if (this.#db.engine !== 'postgres' || !this.#listening) return;
    if (!(await this.barrier())) this.clear();
  }

  /** The barrier calls are waiting for, not sent yet; the one sent, waiting for its heartbeat. */
  #nextBarrier: { promise: Promise<boolean>; resolve: (synced: boolean) => void } | null = null;
  #barrierInFlight: { seq: number; resolve: (synced: boolean) => void; timer: NodeJS.Timeout } | null = null;

  #sendBarrier(): void {
    const waiting = this.#nextBarrier;
    if (!waiting || this.#barrierInFlight) return;
    this.#nextBarrier = null;
    const seq = this.#heartbeatSeq + 1;
    const timer = setTimeout(() => this.#settleBarrier(false), cacheStalenessBoundMs);
    this.#barrierInFlight = { seq, resolve: waiting.resolve, timer };
    void this.#sendHeartbeat().then((sent) => {
      // Its statement failed, so its heartbeat never comes (unless it already timed out and another is on its way).
      if (!sent && this.#barrierInFlight?.seq === seq) this.#settleBarrier(false);
    });
  }

  /** Ends the barrier in flight (its heartbeat is back, or it failed) and sends the next one if calls are waiting. */
  #settleBarrier(synced: boolean): void {
    const inFlight = this.#barrierInFlight;
    if (!inFlight) return;
    this.#barrierInFlight = null;
    clearTimeout(inFlight.timer);
    inFlight.resolve(synced);
    if (this.#nextBarrier) {
      if (this.#closed || !this.#listening) {
        this.#nextBarrier.resolve(false);
        this.#nextBarrier = null;
      } else this.#sendBarrier();
    }
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
      // Heartbeats are numbered in the order they are sent: a later one proves as much as the barrier's own.
      if (this.#barrierInFlight && this.#barrierInFlight.seq <= this.#heartbeatsReceived) this.#settleBarrier(true);
      return;
    }
    this.invalidate(payload);
  }

  /** Sends the next heartbeat; false if the database refused the statement (it will not come back). */
  async #sendHeartbeat(): Promise<boolean> {
    const seq = ++this.#heartbeatSeq;
    if (this.#closed) return false;
    this.#heartbeatsSent.set(seq, performance.now());
    // Unanswered heartbeats (a dead connection) must not pile up.
    if (this.#heartbeatsSent.size > 64) this.#heartbeatsSent.delete(this.#heartbeatsSent.keys().next().value!);
    try {
      await this.#db.query('select pg_notify($1, $2)', [cacheChannel, `hb:${this.#instance}:${seq}`]);
    } catch {
      // The database is unreachable: the heartbeat does not come back and the cache turns itself off.
      return false;
    }
    return true;
  }
}

function splitComposite(composite: string): [CacheKind, string] {
  const at = composite.indexOf('\u0000');
  return [composite.slice(0, at) as CacheKind, composite.slice(at + 1)];
}
