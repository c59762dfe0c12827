import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { StoreCache } from './store/cache';
import type { Db } from './store/db';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What the app, the webhook worker, the sweeper and the services run on; built once in main.ts (or by a test). */
export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Hot-path read cache over `db` (API keys, products, discount codes); see store/cache.ts. */
  cache: StoreCache;
  /** Shared Redis for rate limits (`REDIS_URL`); without it each process counts on its own. */
  redis?: Redis;
}
