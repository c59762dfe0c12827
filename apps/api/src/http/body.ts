import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ApiError } from '../errors';

/** Request bodies are at most 1 MiB (the spec's 413 payload_too_large). */
export const maxBodyBytes = 1024 * 1024;

/**
 * The request body's bytes, refused with 413 past `limit`. Served by @hono/node-server (`pnpm start`), it is read
 * straight from the socket's IncomingMessage: reading it through `c.req` would first build a WHATWG Request and a
 * web stream over the socket, which costs about a tenth of a checkout create. In process (`app.request`, tests),
 * from `c.req`. Bytes past the limit are left unread; the server drains or closes the connection (server.ts).
 */
export async function readBody(c: Context, limit: number): Promise<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableDidRead || typeof incoming.read !== 'function') {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  const tooLarge = () => new ApiError(413, 'payload_too_large', `The request body is over ${limit} bytes.`);
  const declared = Number(incoming.headers['content-length']);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
