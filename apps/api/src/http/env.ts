import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Mode } from '../store/accounts';
import type { StoreCache } from '../store/cache';
import type { Db } from '../store/db';
import type { IdempotentRequest } from '../store/idempotency';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Hot-path read cache over `db` (API keys, products, discount codes); see store/cache.ts. */
  cache: StoreCache;
  /** Shared Redis for rate limits (`REDIS_URL`); without it each process counts on its own. */
  redis?: Redis;
}

/** Who is calling: the account and mode of the presented secret key. Everything they see is scoped by both. */
export interface Caller {
  accountId: string;
  mode: Mode;
  keyId: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    caller: Caller;
    /** Set on a POST with an `Idempotency-Key` (see http/idempotency.ts). */
    idempotency: IdempotentRequest | undefined;
    /** The JSON request body, parsed once by the string check (http/strings.ts) for operations that take one. */
    jsonBody?: { value: unknown };
  };
}
