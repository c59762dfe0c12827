import type { Tracer } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { KeyUsage } from './jobs/key-usage';
import type { Logger } from './log';
import type { Metrics } from './metrics';
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
  /** Where log lines go: `createLogger(config.log)` (stdout) in main.ts; tests capture them. */
  logger: Logger;
  /** Request, replay, rate-limit and database metrics (METRICS_PORT); none are kept without it. */
  metrics?: Metrics;
  /** OpenTelemetry tracer (OTEL_EXPORTER_OTLP_ENDPOINT): a span per request; absent, tracing costs nothing. */
  tracer?: Tracer;
  /** The webhook worker of this process, when it runs one (`WEBHOOK_WORKER=on`); `GET /readyz` asks it. */
  webhookWorker?: { running(): boolean };
  /** Records when each API key was last used, written in batches (jobs/key-usage.ts); none kept without it. */
  keyUsage?: KeyUsage;
}
