/**
 * The app behind the real HTTP server (src/server.ts, as `pnpm start` builds it) on 127.0.0.1, port 0, and a raw
 * HTTP/1.1 connection for what real clients put on the wire: `Expect: 100-continue`, bodies sent slowly, pipelining.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config';
import { type AppFetch, close, createServer, listen } from '../../src/server';
import { type TestApi, testApi } from './api';

export interface LiveServer {
  url: string;
  port: number;
  /** The server side of the connection each request arrived on, in arrival order. */
  sockets: Socket[];
  /** The app's answer to each request (its status), settled once the app is done with it — even when nobody reads it. */
  answers: Promise<number>[];
  /** TCP connections the server has accepted. */
  connections(): number;
  close(): Promise<void>;
}

export interface LiveApi {
  api: TestApi;
  server: LiveServer;
}

/**
 * The per-test setup of a socket suite: a fresh TestApi (`apiEnv`) behind a live server (`serverEnv`) before each
 * test, the server closed after it.
 */
export function liveApiPerTest(apiEnv: Record<string, string> = {}, serverEnv: Record<string, string> = {}): LiveApi {
  const context = {} as LiveApi;
  beforeEach(async () => {
    context.api = await testApi(apiEnv);
    context.server = await liveServer(context.api.app.fetch, serverEnv);
  });
  afterEach(async () => {
    await context.server.close();
  });
  return context;
}

/** `env` is read like the process environment (REQUEST_TIMEOUT_MS …). */
export async function liveServer(fetch: AppFetch, env: Record<string, string> = {}): Promise<LiveServer> {
  const sockets: Socket[] = [];
  const answers: Promise<number>[] = [];
  let accepted = 0;
  const config = loadConfig(env);
  const server = createServer(
    (request, bindings) => {
      sockets.push(bindings.incoming.socket);
      const answer = Promise.resolve(fetch(request, bindings));
      answers.push(answer.then((response) => response.status));
      return answer;
    },
    config.http,
    config.docsUrl,
  );
  server.on('connection', () => accepted++);
  const { port } = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    sockets,
    answers,
    connections: () => accepted,
    async close() {
      server.closeAllConnections();
      await close(server);
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One TCP connection speaking HTTP/1.1 by hand. Responses are parsed in order (interim `100 Continue` included);
 * a response without Content-Length runs to the end of the connection, as Node's own 408 does.
 */
export class RawConnection {
  #buffer = Buffer.alloc(0);
  #closed = false;
  #waiters: (() => void)[] = [];
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    // A reset after the server closed its side is part of being closed, not a test failure.
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.#closed = true;
        this.#wake();
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** False once the server has closed the connection (the bytes are then dropped). */
  write(data: string | Buffer): boolean {
    if (this.#closed || this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(data);
    return true;
  }

  /** The next response; rejects if the connection closes before a complete one arrived. */
  async response(): Promise<RawResponse> {
    for (;;) {
      const parsed = this.#parse();
      if (parsed) return parsed;
      if (this.#closed) {
        throw new Error(`connection closed before a complete response; got ${JSON.stringify(this.#text())}`);
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  #text(): string {
    return this.#buffer.toString('latin1').slice(0, 300);
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  #parse(): RawResponse | undefined {
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.#buffer.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1]);
    if (!status) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine)}`);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      // A header sent twice shows as `a, b` (as fetch's Headers would), so a duplicate is visible to the test.
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    if (headers['transfer-encoding']) throw new Error('chunked responses are not parsed here');
    const start = end + 4;
    let bodyEnd: number;
    if (status < 200) bodyEnd = start;
    else if (headers['content-length'] !== undefined) bodyEnd = start + Number(headers['content-length']);
    else if (this.#closed) bodyEnd = this.#buffer.length;
    else return undefined;
    if (this.#buffer.length < bodyEnd) return undefined;
    const body = this.#buffer.subarray(start, bodyEnd).toString('utf8');
    this.#buffer = this.#buffer.subarray(bodyEnd);
    return { status, headers, body };
  }
}
