import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LogConfig, type LogLevel, logLevels } from './log';
import type { TracingConfig } from './tracing';

/** The monorepo root (apps/api/src → ../../..). Relative paths in config resolve against it, not the cwd,
 *  so `pnpm start` (cwd apps/api) and `pnpm admin` (cwd apps/api via --filter) agree with a shell at the root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Config {
  port: number;
  /** Base URL used to build absolute links (checkout_url); no trailing slash. */
  publicUrl: string;
  /** Base URL of the docs portal (no trailing slash); every problem's `type` is `${docsUrl}/errors/<code>`. */
  docsUrl: string;
  /** Absolute path of the embedded PGlite data directory (used only when databaseUrl is unset). */
  dataDir: string;
  /** postgres:// URL; when set the server uses PostgreSQL instead of the embedded store. */
  databaseUrl: string | undefined;
  /** redis:// URL; when set, replicas count rate limits in that Redis instead of each in its own memory. */
  redisUrl: string | undefined;
  /** Per-key fixed-window limit; null when switched off (`RATE_LIMIT_REQUESTS=0`, e.g. for load tests). */
  rateLimit: { requests: number; windowSeconds: number } | null;
  /** How often open sessions past expiry are marked expired and stale records removed. */
  sweepIntervalMs: number;
  webhooks: WebhookConfig;
  http: HttpConfig;
  log: LogConfig;
  /** Where `GET /metrics` is served (its own port, never the API's); null when METRICS_PORT is unset. */
  metrics: { port: number; host: string } | null;
  /** OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT); null: tracing off. */
  tracing: TracingConfig | null;
}

/** Socket-level limits of the HTTP server (see src/server.ts). */
export interface HttpConfig {
  /** The whole request, headers and body, must arrive within it; else 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** The request headers must arrive within it (≤ requestTimeoutMs). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after it (≥ 1000). */
  keepAliveTimeoutMs: number;
}

export interface WebhookConfig {
  /** Run the delivery worker inside the API process; off when it runs on its own (`webhooks:worker`). */
  worker: boolean;
  /** Seconds to wait before each attempt, counted from the previous one; one entry per attempt, the first is 0. */
  retrySchedule: number[];
  /** Per attempt: DNS, connect, send and the response status line must all happen within it. */
  timeoutMs: number;
  /** How often the worker looks for due deliveries. */
  pollIntervalMs: number;
}

export const defaultRetrySchedule = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

/** Empty strings count as unset, so `DATABASE_URL= pnpm start` means "no DATABASE_URL". */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(read(env, 'PORT'));
  const publicUrl = parseBaseUrl('PUBLIC_URL', read(env, 'PUBLIC_URL') ?? `http://localhost:${port}`);
  const docsUrl = read(env, 'DOCS_URL');
  return {
    port,
    publicUrl,
    // The portal this server serves at /docs, unless the docs live elsewhere (production: https://docs.solifyn.com).
    docsUrl: docsUrl === undefined ? `${publicUrl}/docs` : parseBaseUrl('DOCS_URL', docsUrl),
    dataDir: resolveFromRoot(read(env, 'DATA_DIR') ?? '.data'),
    databaseUrl: parseDatabaseUrl(read(env, 'DATABASE_URL')),
    redisUrl: parseRedisUrl(read(env, 'REDIS_URL')),
    rateLimit: parseRateLimit(env),
    sweepIntervalMs: parseWholeNumber(env, 'SWEEP_INTERVAL_SECONDS', 60, 1) * 1000,
    webhooks: {
      worker: parseOnOff(env, 'WEBHOOK_WORKER', true),
      retrySchedule: parseRetrySchedule(read(env, 'WEBHOOK_RETRY_SCHEDULE')),
      timeoutMs: parseWholeNumber(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1),
      pollIntervalMs: parseWholeNumber(env, 'WEBHOOK_POLL_INTERVAL_MS', 1000, 1),
    },
    http: parseHttp(env),
    log: parseLog(env),
    metrics: parseMetrics(env),
    tracing: parseTracing(env),
  };
}

/** LOG_LEVEL (default info) and LOG_FORMAT (`pretty` or `json`; default pretty on a terminal, json otherwise). */
function parseLog(env: Env): LogConfig {
  const level = read(env, 'LOG_LEVEL') ?? 'info';
  if (!(logLevels as readonly string[]).includes(level)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${logLevels.join(', ')}, got "${level}"`);
  }
  const format = read(env, 'LOG_FORMAT');
  if (format !== undefined && format !== 'pretty' && format !== 'json') {
    throw new ConfigError('LOG_FORMAT', `expected pretty or json, got "${format}"`);
  }
  return {
    level: level as LogLevel,
    pretty: format === undefined ? process.stdout.isTTY === true : format === 'pretty',
  };
}

/** METRICS_PORT (unset: no metrics endpoint) and METRICS_HOST (default 127.0.0.1: not reachable from outside). */
function parseMetrics(env: Env): Config['metrics'] {
  if (read(env, 'METRICS_PORT') === undefined) return null;
  const port = parseWholeNumber(env, 'METRICS_PORT', 0, 1, 65535);
  const host = read(env, 'METRICS_HOST') ?? '127.0.0.1';
  if (!/^[0-9A-Za-z.:-]{1,253}$/.test(host))
    throw new ConfigError('METRICS_HOST', `not a host name or address: "${host}"`);
  return { port, host };
}

function parseTracing(env: Env): TracingConfig | null {
  const endpoint = read(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (endpoint === undefined) return null;
  if (!/^https?:\/\/[^\s]+$/.test(endpoint)) {
    throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT', `expected an http(s) URL, got "${endpoint}"`);
  }
  return { endpoint, serviceName: read(env, 'OTEL_SERVICE_NAME') ?? 'solifyn-api' };
}

export function resolveFromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot, path);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new ConfigError('PORT', `expected an integer 0–65535, got "${raw}"`);
  return port;
}

/** checkout_url = PUBLIC_URL + at most 128 characters; the spec bounds it at 2048. */
export const maxPublicUrlLength = 1024;
/** Retry-After and the `t` of RateLimit never exceed the window: the spec bounds them at one day. */
export const maxRateLimitWindowSeconds = 86_400;
/** The per-window count is an int4 column; the spec bounds the `q` of RateLimit-Policy by this too. */
export const maxRateLimitRequests = 1_000_000_000;

/** PUBLIC_URL and DOCS_URL: an http(s) URL without query or fragment, at most maxPublicUrlLength characters. */
function parseBaseUrl(name: string, raw: string): string {
  if (raw.length > maxPublicUrlLength) {
    throw new ConfigError(name, `at most ${maxPublicUrlLength} characters, got ${raw.length}`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `expected http or https, got "${url.protocol}"`);
  }
  if (url.search || url.hash) throw new ConfigError(name, 'must not contain a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgres:// or postgresql:// URL');
  }
  return raw;
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError('REDIS_URL', 'expected a redis:// or rediss:// URL');
  return raw;
}

function parseWholeNumber(
  env: Env,
  name: string,
  fallback: number,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `≥ ${minimum}` : `${minimum}–${maximum}`;
    throw new ConfigError(name, `expected an integer ${range}, got "${raw}"`);
  }
  return value;
}

function parseRateLimit(env: Env): Config['rateLimit'] {
  const requests = parseWholeNumber(env, 'RATE_LIMIT_REQUESTS', 100, 0, maxRateLimitRequests);
  if (requests === 0) return null;
  return {
    requests,
    windowSeconds: parseWholeNumber(env, 'RATE_LIMIT_WINDOW_SECONDS', 1, 1, maxRateLimitWindowSeconds),
  };
}

function parseHttp(env: Env): HttpConfig {
  const requestTimeoutMs = parseWholeNumber(env, 'REQUEST_TIMEOUT_MS', 30_000, 1);
  const headersTimeoutMs = parseWholeNumber(env, 'HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 1);
  // Node refuses a headers timeout longer than the request timeout.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'HEADERS_TIMEOUT_MS',
      `must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs}), got "${headersTimeoutMs}"`,
    );
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    // Announced in whole seconds (`Keep-Alive: timeout=5`); under 1 s it would read 0, and clients would not reuse.
    keepAliveTimeoutMs: parseWholeNumber(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 1000),
  };
}

function parseOnOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(name, `expected "on" or "off", got "${raw}"`);
}

function parseRetrySchedule(raw: string | undefined): number[] {
  if (raw === undefined) return [...defaultRetrySchedule];
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.length > 50 || entries.some((entry) => !/^\d{1,7}$/.test(entry))) {
    throw new ConfigError(
      'WEBHOOK_RETRY_SCHEDULE',
      `expected 1–50 comma-separated whole seconds (e.g. "0,5,300"), got "${raw}"`,
    );
  }
  const schedule = entries.map(Number);
  // Events are queued due at once, so a first delay other than 0 would not be honoured.
  if (schedule[0] !== 0)
    throw new ConfigError('WEBHOOK_RETRY_SCHEDULE', `the first attempt is immediate: start with 0, got "${raw}"`);
  return schedule;
}
