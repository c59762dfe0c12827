import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startTracing, tracedDb, type Tracing } from '../../src/tracing';
import { type TestApi, testApi } from '../support/api';

const exporter = new InMemorySpanExporter();
const tracing: Tracing = startTracing(
  { endpoint: 'http://127.0.0.1:4318', serviceName: 'solifyn-api-test' },
  new SimpleSpanProcessor(exporter),
);
afterAll(() => tracing.shutdown());

let api: TestApi;
let app: ReturnType<typeof createApp>;
beforeEach(async () => {
  api = await testApi();
  app = createApp({ ...api.deps, db: tracedDb(api.deps.db, tracing.tracer), tracer: tracing.tracer });
  exporter.reset();
});

describe('tracing (happy)', () => {
  it('is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      endpoint: 'http://collector:4318',
      serviceName: 'solifyn-api',
    });
  });

  it('a server span per request, named by its route, with the request id; a child span per SQL statement', async () => {
    const created = await app.request('/v1/products', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.account.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] }),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    exporter.reset();

    const res = await app.request(`/v1/products/${id}`, { headers: { authorization: `Bearer ${api.account.key}` } });
    expect(res.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(server).toBeDefined();
    expect(server!.name).toBe('GET /v1/products/{productId}');
    expect(server!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/v1/products/{productId}',
      'http.response.status_code': 200,
      'solifyn.request_id': res.headers.get('request-id'),
      'solifyn.operation_id': 'retrieveProduct',
    });
    const queries = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
      expect(query.spanContext().traceId).toBe(server!.spanContext().traceId);
      expect(query.attributes['db.query.text']).toMatch(/\bselect\b/i);
      // The statement's text only: never its parameters.
      expect(JSON.stringify(query.attributes)).not.toContain(id);
    }
  });
});
