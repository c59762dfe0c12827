import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';
import { problemResponse } from './problem';

/** Request bodies are at most 1 MiB (the spec's 413 payload_too_large). */
export const maxBodyBytes = 1024 * 1024;

/**
 * The request body's bytes, refused with 413 past `limit`. Served by @hono/node-server (`pnpm start`), it is read
 * straight from the socket's IncomingMessage: reading it through `c.req` would first build a WHATWG Request and a
 * web stream over the socket, which costs about a tenth of a checkout create. In process (`app.request`, tests),
 * from `c.req`. Bytes past the limit are left unread; the server drains or closes the connection (server.ts).
 */
export async function readBody(c: Context, limit: number): Promise<Uint8Array> {
  const incoming = incomingOf(c);
  if (!incoming || incoming.readableDidRead || typeof incoming.read !== 'function') {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  const tooLarge = () => new ApiError('payload_too_large', `The request body is over ${limit} bytes.`);
  const declared = Number(incoming.headers['content-length']);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The client went away, or the server timed the request out (REQUEST_TIMEOUT_MS): not our failure, and
    // nobody reads this answer.
    throw new ApiError('malformed_json', 'The request body ended before it was complete.');
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** Whether the request carries a body, asked without building the WHATWG Request when served by node. */
export function hasBody(c: Context): boolean {
  const incoming = incomingOf(c);
  if (!incoming) return c.req.raw.body !== null;
  const { headers } = incoming;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** The Node request behind `c` when @hono/node-server serves it; undefined in process (`app.request`, tests). */
export function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

const tooLargeResponse = (c: Context) =>
  problemResponse(c, new ApiError('payload_too_large', `The request body is over ${maxBodyBytes} bytes.`));
const streamedLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLargeResponse });

/**
 * 413 for a body over `maxBodyBytes`. A request without a body passes untouched, and over @hono/node-server a
 * body with a Content-Length is judged by that header alone — asking `c.req.raw` for its body would build the
 * WHATWG Request on every request. Chunked bodies and in-process requests go through hono's bodyLimit.
 */
export const limitBody: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
  const incoming = incomingOf(c);
  const length = incoming?.headers['content-length'];
  if (incoming && length !== undefined && incoming.headers['transfer-encoding'] === undefined) {
    return Number(length) > maxBodyBytes ? tooLargeResponse(c) : next();
  }
  return streamedLimit(c, next);
};
