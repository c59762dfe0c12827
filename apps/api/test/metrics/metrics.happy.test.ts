import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { meteredDb, Metrics } from '../../src/metrics';
import { type TestApi, testApi } from '../support/api';
import { processStore, type ProcessStore, startServerProcess, freePort } from '../support/server-process';

let api: TestApi;
let metrics: Metrics;
let app: ReturnType<typeof createApp>;
beforeEach(async () => {
  api = await testApi();
  metrics = new Metrics(api.deps.db);
  app = createApp({
    ...api.deps,
    db: meteredDb(api.deps.db, metrics),
    metrics,
    config: { ...api.deps.config, rateLimit: { requests: 4, windowSeconds: 60 } },
  });
});

const productBody = JSON.stringify({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] });

function send(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return app.request(path, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${api.account.key}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body,
  });
}

/** The value of one sample line of the exposition (0 when the series does not exist yet). */
async function sample(name: string, labels = ''): Promise<number> {
  const text = await metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('metrics (happy)', () => {
  it('counts requests and their latency per operation and status class, replays and rate-limited requests', async () => {
    const headers = { 'idempotency-key': 'metrics-once' };
    expect((await send('/v1/products', { method: 'POST', body: productBody, headers })).status).toBe(201);
    expect((await send('/v1/products', { method: 'POST', body: productBody, headers })).status).toBe(201);
    expect((await send('/v1/products/prod_missing')).status).toBe(404);
    expect((await send('/v1/products')).status).toBe(200);
    expect((await send('/v1/products')).status).toBe(429);

    expect(await sample('solifyn_http_requests_total', 'operation="createProduct",status_class="2xx"')).toBe(2);
    expect(await sample('solifyn_http_requests_total', 'operation="retrieveProduct",status_class="4xx"')).toBe(1);
    expect(await sample('solifyn_http_requests_total', 'operation="listProducts",status_class="4xx"')).toBe(1);
    expect(
      await sample('solifyn_http_request_duration_seconds_count', 'operation="createProduct",status_class="2xx"'),
    ).toBe(2);
    expect(await sample('solifyn_idempotent_replays_total')).toBe(1);
    expect(await sample('solifyn_rate_limited_requests_total')).toBe(1);
    expect(await sample('solifyn_db_query_duration_seconds_count', 'outcome="ok"')).toBeGreaterThan(0);
  });

  it('a checkout create replayed or refused by its Idempotency-Key is no database error', async () => {
    const product = await (await send('/v1/products', { method: 'POST', body: productBody })).json();
    const headers = { 'idempotency-key': 'metrics-create-once' };
    const body = (quantity: number) => JSON.stringify({ productId: product.id, quantity });
    const statuses = [];
    for (const quantity of [1, 1, 2])
      statuses.push((await send('/v1/checkout/create', { method: 'POST', body: body(quantity), headers })).status);
    expect(statuses).toEqual([201, 201, 422]);
    expect(await sample('solifyn_idempotent_replays_total')).toBe(1);
    expect(await sample('solifyn_db_query_duration_seconds_count', 'outcome="error"')).toBe(0);
  });

  it('exposes a latency histogram as Prometheus expects: cumulative le buckets, +Inf equal to _count, _sum', async () => {
    for (const seconds of [0.0004, 0.003, 0.003, 0.2, 7]) metrics.observeRequest('listProducts', 200, seconds);
    const text = await metrics.registry.metrics();
    const series = (suffix: string) =>
      text
        .split('\n')
        .filter(
          (l) => l.startsWith(`solifyn_http_request_duration_seconds_${suffix}{`) && l.includes('"listProducts"'),
        );
    expect(text).toMatch(/^# TYPE solifyn_http_request_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE solifyn_http_requests_total counter$/m);
    expect(series('bucket')).toEqual([
      'solifyn_http_request_duration_seconds_bucket{le="0.001",operation="listProducts",status_class="2xx"} 1',
      'solifyn_http_request_duration_seconds_bucket{le="0.0025",operation="listProducts",status_class="2xx"} 1',
      'solifyn_http_request_duration_seconds_bucket{le="0.005",operation="listProducts",status_class="2xx"} 3',
      'solifyn_http_request_duration_seconds_bucket{le="0.01",operation="listProducts",status_class="2xx"} 3',
      'solifyn_http_request_duration_seconds_bucket{le="0.025",operation="listProducts",status_class="2xx"} 3',
      'solifyn_http_request_duration_seconds_bucket{le="0.05",operation="listProducts",status_class="2xx"} 3',
      'solifyn_http_request_duration_seconds_bucket{le="0.1",operation="listProducts",status_class="2xx"} 3',
      'solifyn_http_request_duration_seconds_bucket{le="0.25",operation="listProducts",status_class="2xx"} 4',
      'solifyn_http_request_duration_seconds_bucket{le="0.5",operation="listProducts",status_class="2xx"} 4',
      'solifyn_http_request_duration_seconds_bucket{le="1",operation="listProducts",status_class="2xx"} 4',
      'solifyn_http_request_duration_seconds_bucket{le="2.5",operation="listProducts",status_class="2xx"} 4',
      'solifyn_http_request_duration_seconds_bucket{le="5",operation="listProducts",status_class="2xx"} 4',
      'solifyn_http_request_duration_seconds_bucket{le="+Inf",operation="listProducts",status_class="2xx"} 5',
    ]);
    expect(series('count')).toEqual([
      'solifyn_http_request_duration_seconds_count{operation="listProducts",status_class="2xx"} 5',
    ]);
    expect(Number(series('sum')[0]!.split(' ').at(-1))).toBeCloseTo(7.2064, 10);
    expect(await sample('solifyn_http_requests_total', 'operation="listProducts",status_class="2xx"')).toBe(5);
    metrics.registry.resetMetrics();
    expect(await sample('solifyn_http_requests_total', 'operation="listProducts",status_class="2xx"')).toBe(0);
  });

  it('reports the webhook queue from the database, and the process metrics', async () => {
    expect(await sample('solifyn_webhook_deliveries', 'status="pending"')).toBe(0);
    expect(await sample('solifyn_webhook_deliveries_due')).toBe(0);
    expect(await sample('solifyn_webhook_oldest_due_age_seconds')).toBe(0);
    expect(await metrics.registry.metrics()).toMatch(/^process_cpu_user_seconds_total \d/m);
  });
});

describe('metrics endpoint of `pnpm start` (happy)', () => {
  let store: ProcessStore;
  afterEach(() => store?.cleanup());

  it('serves GET /metrics on METRICS_PORT, counting what the API answered', async () => {
    store = await processStore();
    const metricsPort = await freePort();
    const server = await startServerProcess(store, { METRICS_PORT: metricsPort });
    try {
      const spec = await fetch(`${server.baseUrl}/openapi.json`);
      expect(spec.status).toBe(200);
      await spec.arrayBuffer();
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await scraped.text();
      expect(text).toMatch(/^solifyn_http_requests_total\{operation="getOpenApiDocument",status_class="2xx"\} 1$/m);
      expect(text).toMatch(/^solifyn_db_query_duration_seconds_count\{outcome="ok"\} \d+$/m);
    } finally {
      await server.stop();
    }
  });
});
