import { context, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './http/env';
import { requestRoute } from './http/access-log';
import type { Db } from './store/db';

export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces` (OTLP over HTTP). */
  endpoint: string;
  /** OTEL_SERVICE_NAME, default `solifyn-api`. */
  serviceName: string;
}

export interface Tracing {
  tracer: Tracer;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing, started only when OTEL_EXPORTER_OTLP_ENDPOINT is set: off, nothing of it is loaded into
 * the request path (no middleware, no wrapped Db, no context manager, whose async hooks every `await` would pay).
 * `processor` replaces the OTLP exporter (tests use an in-memory one).
 */
export function startTracing(config: TracingConfig, processor?: SpanProcessor): Tracing {
  // One per process; a second start (tests) keeps the first, which serves every provider.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter: SpanExporter = new OTLPTraceExporter({ url: `${config.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [processor ?? new BatchSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer('solifyn-api'), shutdown: () => provider.shutdown() };
}

/** A server span per request, named by its route template, with the request id; errors (5xx) marked. */
export function traceRequests(tracer: Tracer): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    tracer.startActiveSpan(
      c.req.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': c.req.method, 'solifyn.request_id': c.get('requestId') },
      },
      async (span: Span) => {
        try {
          await next();
        } finally {
          const { route, operationId } = requestRoute(c);
          if (route) {
            span.updateName(`${c.req.method} ${route}`);
            span.setAttribute('http.route', route);
          }
          if (operationId) span.setAttribute('solifyn.operation_id', operationId);
          span.setAttribute('http.response.status_code', c.res.status);
          if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
      },
    );
}

/** `db` with a client span per statement (its text, never its parameters), child of the request's span. */
export function tracedDb(db: Db, tracer: Tracer): Db {
  const system = db.engine === 'postgres' ? 'postgresql' : 'pglite';
  const traced = <T>(name: string, text: string, run: () => Promise<T>): Promise<T> =>
    tracer.startActiveSpan(
      name,
      { kind: SpanKind.CLIENT, attributes: { 'db.system.name': system, 'db.query.text': text } },
      async (span: Span) => {
        try {
          return await run();
        } catch (error) {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  const wrap = (inner: Db): Db => ({
    engine: inner.engine,
    query: (text, params) => traced('db.query', text, () => inner.query(text, params)),
    exec: (script) => traced('db.exec', script, () => inner.exec(script)),
    transaction: (fn) => traced('db.transaction', 'BEGIN … COMMIT', () => inner.transaction((tx) => fn(wrap(tx)))),
    listen: (channel, onMessage, onListening) => inner.listen(channel, onMessage, onListening),
    close: () => inner.close(),
  });
  return wrap(db);
}
