import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
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
  readonly #requestSeconds = new PlainHistogram<RequestLabel>(
    this.registry,
    'solifyn_http_request_duration_seconds',
    'Time from the request reaching the app to its response, by operationId and status class.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    {
      name: 'solifyn_http_requests_total',
      help: 'API requests answered, by operationId and status class.',
    },
  );
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
  readonly #queries = new PlainHistogram<'outcome'>(
    this.registry,
    'solifyn_db_query_duration_seconds',
    'SQL statements sent to the database (count and latency), by outcome.',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  );

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

  /** Per operation and status class: the series, found by one string key. */
  readonly #requestSeries = new Map<string, HistogramSeries>();

  observeRequest(operation: string, status: number, seconds: number): void {
    const status_class = statusClass(status);
    const key = `${operation} ${status_class}`;
    let series = this.#requestSeries.get(key);
    if (!series) {
      series = this.#requestSeconds.series({ operation, status_class });
      this.#requestSeries.set(key, series);
    }
    series.observe(seconds);
  }

  readonly #queryOk = this.#queries.series({ outcome: 'ok' });
  readonly #queryFailed = this.#queries.series({ outcome: 'error' });

  observeQuery(seconds: number, failed: boolean): void {
    (failed ? this.#queryFailed : this.#queryOk).observe(seconds);
  }
}

/** One label set's buckets (not cumulative), sum and count. */
class HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }
}

/**
 * A histogram (and optionally the counter of its observations) kept in plain arrays and registered with
 * prom-client as a metric it reads at scrape time. prom-client's own Histogram validates and hashes the labels
 * on every observation, even on a child — a cost paid on every request and every SQL statement; here an
 * observation is a bucket search and three additions. The exposition is prom-client's: the same names, labels,
 * `le` buckets, `_sum` and `_count`.
 */
class PlainHistogram<Label extends string> {
  readonly #series: HistogramSeries[] = [];

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
    counter?: { name: string; help: string },
  ) {
    registry.registerMetric(this.#metric('histogram', name, help, () => this.#histogramValues()));
    if (counter) {
      registry.registerMetric(
        this.#metric('counter', counter.name, counter.help, () =>
          this.#series.map((series) => ({ labels: series.labels, value: series.count })),
        ),
      );
    }
  }

  /** The series of `labels`, created at zero; keep it: looking it up again is the caller's cost. */
  series(labels: Readonly<Record<Label, string>>): HistogramSeries {
    const series = new HistogramSeries(labels, this.buckets);
    this.#series.push(series);
    return series;
  }

  #histogramValues(): MetricValue[] {
    const values: MetricValue[] = [];
    for (const series of this.#series) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += series.counts[i]!;
        const le = i < this.buckets.length ? this.buckets[i]! : '+Inf';
        values.push({ metricName: `${this.name}_bucket`, labels: { le, ...series.labels }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: series.labels, value: series.count });
    }
    return values;
  }

  /** The shape prom-client's registry reads from a metric (what its own metrics' `get()` returns). */
  #metric(type: 'histogram' | 'counter', name: string, help: string, values: () => MetricValue[]): never {
    const reset = () => {
      for (const series of this.#series) {
        series.counts.fill(0);
        series.sum = 0;
        series.count = 0;
      }
    };
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
      reset,
    } as never;
  }
}

interface MetricValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
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
