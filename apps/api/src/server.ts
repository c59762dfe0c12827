import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { maxBodyBytes } from './app';
import { randomId } from './domain/ids';
import { ApiError } from './errors';
import { problemTitle, toProblem } from './http/problem';
import type { HttpConfig } from './config';

/**
 * A response decided before the request body was read (413, 401, 404 …) leaves body bytes on the wire. They are
 * read and discarded before the response goes out, up to these bounds, so the connection stays usable; past them
 * the response says `Connection: close` and the socket is closed after it.
 */
export const drainMaxBytes = 8 * 1024 * 1024;
export const drainMaxMs = 5_000;

export type AppFetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/**
 * The one place the HTTP server is built (`pnpm start`, the tests over real sockets, the bench): @hono/node-server's
 * listener on a node:http server with our timeouts, `Expect: 100-continue` answered by the declared size, and
 * request bodies drained or the connection closed whenever the app answers without reading the whole body.
 */
export function createServer(fetch: AppFetch, http: HttpConfig, docsUrl: string): Server {
  /** Requests whose client waits for `100 Continue` that we did not send: their body never comes. */
  const continueWithheld = new WeakSet<IncomingMessage>();
  const drainMs = Math.min(drainMaxMs, Math.floor(http.requestTimeoutMs / 2));

  // getRequestListener installs @hono/node-server's Request and Response as the globals (overrideGlobalObjects,
  // on by default), which hono's bodyLimit needs: it rebuilds a chunked request with `new Request(c.req.raw, …)`.
  const listener = getRequestListener(async (request, env) => {
    const bindings = env as HttpBindings;
    const response = await fetch(request, bindings);
    await settleRequestBody(bindings, continueWithheld.has(bindings.incoming), drainMs);
    return response;
  });

  const server = createHttpServer(
    {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      keepAliveTimeout: http.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (default 30 s, which would let a 10 s timeout run to 40 s).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(http.headersTimeoutMs / 4))),
    },
    listener,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, docsUrl));
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    // A body declared too large is refused before it is sent: the app answers 413 from the header alone.
    if (declaredLength(req) > maxBodyBytes) continueWithheld.add(req);
    else res.writeContinue();
    void listener(req, res);
  });
  return server;
}

/** Starts listening; resolves with the bound address (port 0 picks a free port). */
export function listen(server: Server, port: number, hostname?: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, hostname, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting connections and resolves once the requests in flight are answered. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/**
 * What Node's HTTP parser refuses before any route runs — a head over 16 KiB, bytes that are not HTTP, headers or a
 * body that did not arrive within the timeouts — answered like every other error: a problem document with a stable
 * code and a request id (Node's own answer has no body), then the connection is closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, docsUrl: string): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError('header_fields_too_large', 'The request head (request line and headers) is over 16 KiB.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ApiError('request_timeout', 'The request headers or body did not arrive in time.')
        : new ApiError(
            'malformed_request',
            'The request is not valid HTTP/1.1 (for example a control character in a header).',
          );
  const requestId = randomId('req', 20);
  const body = JSON.stringify(toProblem(problem, requestId, docsUrl));
  socket.end(
    `HTTP/1.1 ${problem.status} ${problemTitle(problem.status)}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nRequest-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function declaredLength(req: IncomingMessage): number {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : -1;
}

/**
 * Called once the app has its response and before it is written. When body bytes are still to come, reads and
 * discards them (bounded) so the next request on a keep-alive connection is parsed from a clean stream; when they
 * never come (100 withheld) or do not fit the bounds, the response closes the connection instead.
 */
async function settleRequestBody(
  { incoming, outgoing }: HttpBindings,
  continueWithheld: boolean,
  drainMs: number,
): Promise<void> {
  if (incoming.complete) {
    // All of it arrived, but a half-read body stream may hold it paused, and the socket with it.
    if (incoming.readableLength > 0) discardFlowing(incoming);
    return;
  }
  const fits = !continueWithheld && declaredLength(incoming) <= drainMaxBytes;
  if (!fits || !(await drain(incoming, drainMaxBytes, drainMs))) outgoing.setHeader('Connection', 'close');
}

/**
 * Like Node's own IncomingMessage._dump: the app's body stream (Readable.toWeb) may still listen for 'data' and
 * would pause the request again each time its queue is full; with it removed, the rest flows to nowhere.
 */
function discardFlowing(incoming: IncomingMessage, onData: (chunk: Buffer) => void = () => {}): void {
  incoming.removeAllListeners('data');
  incoming.on('data', onData);
  incoming.resume();
}

/** Reads the rest of the body and throws it away; false when it was larger or slower than the bounds. */
function drain(incoming: IncomingMessage, maxBytes: number, maxMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      incoming.off('end', onEnd);
      incoming.off('close', onClose);
      if (!drained) {
        incoming.removeAllListeners('data');
        incoming.pause();
      }
      resolve(drained);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(incoming.complete);
    const timer = setTimeout(() => finish(false), maxMs);
    incoming.once('end', onEnd);
    incoming.once('close', onClose);
    discardFlowing(incoming, (chunk) => {
      bytes += chunk.length;
      if (bytes > maxBytes) finish(false);
    });
  });
}
