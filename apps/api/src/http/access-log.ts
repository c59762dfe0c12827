import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { type OperationId, routes } from '../generated/routes';
import { writeInfoLine } from '../log';
import { incomingOf } from './body';
import type { AppEnv } from './env';

/** `POST /v1/checkout/create` → its operationId, keyed the way hono names the matched route (`:param`). */
const operations = new Map<string, OperationId>(
  (Object.keys(routes) as OperationId[]).map((operationId) => {
    const { method, path } = routes[operationId];
    return [`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, operationId];
  }),
);

/** What a client says its SDK version is; anything that is not a plain version string is logged as `invalid`. */
const sdkVersionPattern = /^[0-9A-Za-z.+-]{1,40}$/;

/**
 * The spec's route template (`/v1/checkout/{checkoutId}`) and operationId of the route that answered, if one did:
 * set by the operation's handler (`operationHandler`), else worked out from hono's matched routes (a request
 * refused before its handler ran, a page, the docs).
 */
export function requestRoute(c: Context): RequestRoute {
  const served = (c as Context<AppEnv>).get('operation');
  if (served) return served;
  const path = matchedRoutes(c).findLast((matched) => matched.method !== 'ALL')?.path;
  if (path === undefined) return unrouted;
  const key = `${c.req.method} ${path}`;
  let known = routesSeen.get(key);
  if (!known) {
    known = routeEntry(path.replace(/:([^/]+)/g, '{$1}'), operations.get(key) ?? null);
    routesSeen.set(key, known);
  }
  return known;
}

export interface RequestRoute {
  route: string | null;
  operationId: OperationId | null;
  /** The two as the access line's JSON fields. */
  json: string;
}

/**
 * `handler` of `operationId`, marking the request as served by that operation for the access log, metrics and
 * traces (cheaper than asking hono which route matched, once per request).
 */
export function operationHandler<H extends (c: Context<AppEnv>) => unknown>(operationId: OperationId, handler: H): H {
  const route = routeEntry(routes[operationId].path, operationId);
  return ((c: Context<AppEnv>) => {
    c.set('operation', route);
    return handler(c);
  }) as H;
}

function routeEntry(route: string | null, operationId: OperationId | null): RequestRoute {
  return {
    route,
    operationId,
    json: `,"route":${JSON.stringify(route)},"operation_id":${JSON.stringify(operationId)}`,
  };
}

const unrouted = routeEntry(null, null);
/** By method and hono route path: a finite set (the app's routes), worked out once each. */
const routesSeen = new Map<string, RequestRoute>();

/** A request header as Node parsed it (no Headers object built for it), else through hono. */
function header(c: Context, name: string): string | undefined {
  const incoming = incomingOf(c);
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

const json = JSON.stringify;

/**
 * One access-log line per request, after the response is decided: request id, method, route template (never the
 * raw path, which holds ids and whatever a client typed), operationId, status, duration, account, key prefix, the
 * caller's SDK version. Nothing from the body, the query or other headers. The same pass feeds the request metrics.
 * The line is the one `logger.info` would write, formatted here (see `writeInfoLine`); every string in it is
 * JSON-encoded.
 */
export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  try {
    await next();
  } finally {
    const { logger, metrics } = c.get('deps');
    const logged = logger.isLevelEnabled('info');
    if (logged || metrics) {
      const durationMs = performance.now() - started;
      const known = requestRoute(c);
      const status = c.res.status;
      metrics?.observeRequest(known.operationId ?? 'none', status, durationMs / 1000);
      if (logged) {
        const caller = c.get('caller') as AppEnv['Variables']['caller'] | undefined;
        const sdkVersion = header(c, 'solifyn-sdk-version');
        const sdk = sdkVersion === undefined ? null : sdkVersionPattern.test(sdkVersion) ? sdkVersion : 'invalid';
        writeInfoLine(
          logger,
          'request',
          `,"request_id":${json(c.get('requestId'))},"method":${json(c.req.method)}${known.json},"status":${status}` +
            `,"duration_ms":${Math.round(durationMs * 10) / 10},"account_id":${json(caller?.accountId ?? null)}` +
            `,"key_prefix":${json(caller?.keyPrefix ?? null)},"sdk_version":${json(sdk)}`,
        );
      }
    }
  }
};
