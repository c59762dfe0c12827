import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Adds headers to whatever response the app returns (errors included), called after `await next()`. Served by
 * @hono/node-server they are set on the ServerResponse, which writeHead merges with the app's own: touching
 * `c.res.headers` instead would turn hono's plain-object headers into WHATWG Headers on every request (about 5 %
 * of a request's CPU). In process (`app.request`, tests) there is no ServerResponse and they go on `c.res`.
 */
export function addResponseHeaders(c: Context, headers: Readonly<Record<string, string>>): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
    for (const name in headers) outgoing.setHeader(name, headers[name]!);
    return;
  }
  for (const name in headers) c.res.headers.set(name, headers[name]!);
}
