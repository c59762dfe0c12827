import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Tracer } from '@opentelemetry/api';
import type { Metrics } from '../metrics';
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
  /** Where log lines go; createApp makes one from `config.log` (stdout) when it is not given. */
  logger?: Logger;
  /** Request, replay, rate-limit and database metrics (METRICS_PORT); none are kept without it. */
  metrics?: Metrics;
  /** OpenTelemetry tracer (OTEL_EXPORTER_OTLP_ENDPOINT): a span per request; absent, tracing costs nothing. */
  tracer?: Tracer;
  /** The webhook worker of this process, when it runs one (`WEBHOOK_WORKER=on`); `GET /readyz` asks it. */
  webhookWorker?: { running(): boolean };
}

/** AppDeps as handlers and middleware see them: with the logger decided. */
export type RequestDeps = AppDeps & { logger: Logger };

/** Who is calling: the account and mode of the presented secret key. Everything they see is scoped by both. */
export interface Caller {
  accountId: string;
  mode: Mode;
  keyId: string;
  /** The key's public prefix (`sk_test_AbCd`), for logs. */
  keyPrefix: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: RequestDeps;
    caller: Caller;
    /** Set on a POST with an `Idempotency-Key` (see http/idempotency.ts). */
    idempotency: IdempotentRequest | undefined;
    /** The JSON request body, parsed once by the string check (http/strings.ts) for operations that take one. */
    jsonBody?: { value: unknown };
  };
}
