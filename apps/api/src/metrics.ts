import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './store/db';

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx';
type RequestLabel = 'operation' | 'status_class';

/**
 * What an operator scrapes (Prometheus text, `GET /metrics` on METRICS_PORT): requests and their latency per
 * operation and status class, idempotent replays, rate-limited requests, database statements and their latency,
 * webhook deliveries by status with the due queue's depth and age (read from the database at scrape time, so
 * every replica reports the same store-wide figures), and Node's process metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: 'solifyn_http_requests_total',
    help: 'API requests answered, by operationId and status class.',
    labelNames: ['operation', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly #requestSeconds = new Histogram({
    name: 'solifyn_http_request_duration_seconds',
    help: 'Time from the request reaching the app to its response, by operationId and status class.',
    labelNames: ['operation', 'status_class'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly idempotentReplays = new Counter({
    name: 'solifyn_idempotent_replays_total',
    help: 'Requests answered with the stored response of an earlier one with the same Idempotency-Key.',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'solifyn_rate_limited_requests_total',
    help: 'Requests refused with 429 rate_limited.',
    registers: [this.registry],
  });
  readonly #queries = new Histogram({
    name: 'solifyn_db_query_duration_seconds',
    help: 'SQL statements sent to the database (count and latency), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(db: Db) {
    collectDefaultMetrics({ register: this.registry });
    const deliveries = new Gauge({
      name: 'solifyn_webhook_deliveries',
      help: 'Webhook deliveries by status (pending, succeeded, failed), store-wide.',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await db.query<{ status: string; n: number }>(
          'select status, count(*)::int as n from event_deliveries group by status',
        );
        deliveries.reset();
        for (const status of ['pending', 'succeeded', 'failed']) {
          deliveries.set({ status }, rows.find((row) => row.status === status)?.n ?? 0);
        }
      },
    });
    // One query per scrape feeds both queue gauges (each collects on its own).
    let queue: { at: number; figures: Promise<DueQueue> } | undefined;
    const readQueue = () => {
      if (!queue || performance.now() - queue.at > 1000) queue = { at: performance.now(), figures: dueQueue(db) };
      return queue.figures;
    };
    const due = new Gauge({
      name: 'solifyn_webhook_deliveries_due',
      help: 'Pending webhook deliveries whose next attempt is due now.',
      registers: [this.registry],
      async collect() {
        due.set((await readQueue()).depth);
      },
    });
    const oldest = new Gauge({
      name: 'solifyn_webhook_oldest_due_age_seconds',
      help: 'How long the oldest due webhook delivery has been waiting (0 when none is due).',
      registers: [this.registry],
      async collect() {
        oldest.set((await readQueue()).oldestAgeSeconds);
      },
    });
  }

  /** Per operation and status class, the two series' children: labelled lookups hash their labels each time. */
  readonly #requestSeries = new Map<string, { count: Counter.Internal; seconds: Histogram.Internal<RequestLabel> }>();

  observeRequest(operation: string, status: number, seconds: number): void {
    const status_class = statusClass(status);
    const key = `${operation} ${status_class}`;
    let series = this.#requestSeries.get(key);
    if (!series) {
      const labels = { operation, status_class };
      series = { count: this.#requests.labels(labels), seconds: this.#requestSeconds.labels(labels) };
      this.#requestSeries.set(key, series);
    }
    series.count.inc();
    series.seconds.observe(seconds);
  }

  readonly #queryOk = this.#queries.labels({ outcome: 'ok' });
  readonly #queryFailed = this.#queries.labels({ outcome: 'error' });

  observeQuery(seconds: number, failed: boolean): void {
    (failed ? this.#queryFailed : this.#queryOk).observe(seconds);
  }
}

function statusClass(status: number): StatusClass {
  return status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : '2xx';
}

interface DueQueue {
  depth: number;
  oldestAgeSeconds: number;
}

async function dueQueue(db: Db): Promise<DueQueue> {
  const [row] = await db.query<{ depth: number; oldest: number | null }>(
    `select count(*)::int as depth, extract(epoch from now() - min(next_attempt_at))::float8 as oldest
     from event_deliveries where status = 'pending' and next_attempt_at <= now()`,
  );
  return { depth: row?.depth ?? 0, oldestAgeSeconds: Math.max(0, row?.oldest ?? 0) };
}

/** `db` with every statement timed into `metrics` (transactions' statements included). */
export function meteredDb(db: Db, metrics: Metrics): Db {
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await run();
      metrics.observeQuery((performance.now() - started) / 1000, false);
      return result;
    } catch (error) {
      metrics.observeQuery((performance.now() - started) / 1000, true);
      throw error;
    }
  };
  const wrap = (inner: Db): Db => ({
    engine: inner.engine,
    query: (text, params) => timed(() => inner.query(text, params)),
    exec: (script) => timed(() => inner.exec(script)),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    listen: (channel, onMessage, onListening) => inner.listen(channel, onMessage, onListening),
    close: () => inner.close(),
  });
  return wrap(db);
}

/**
 * The metrics endpoint, on its own port so it is never exposed with the API (bind it to a private interface).
 * Answers `GET /metrics` only.
 */
export function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: GET /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) =>
        res
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
