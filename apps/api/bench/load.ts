import { connect, type Socket } from 'node:net';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A JSON body, sent as is. */
  body?: string;
  /** Extra headers per request (e.g. a fresh Idempotency-Key). */
  perRequestHeaders?: () => Record<string, string>;
}

export interface LoadOptions {
  port: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Hard cap on measured requests, whatever the duration. */
  maxRequests: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Non-2xx responses and transport errors; must be 0 for a figure to count. */
  errors: number;
  /** A few distinct error descriptions, for the report. */
  errorSamples: string[];
}

/** One run's latencies, sorted, kept so that runs measured in slices combine into one result. */
export interface LoadRun extends LoadResult {
  samples: Float64Array;
  durationMs: number;
}

export interface Reply {
  status: number;
  body: string;
}

/** The only host the load generator talks to. */
const host = '127.0.0.1';
const headerEnd = Buffer.from('\r\n\r\n');
const crlf = Buffer.from('\r\n');

function encode(req: LoadRequest): Buffer {
  const headers: Record<string, string> = {
    host: `${host}`,
    connection: 'keep-alive',
    ...req.headers,
    ...req.perRequestHeaders?.(),
  };
  if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(req.body));
  }
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.from(`${req.method} ${req.path} HTTP/1.1\r\n${head}\r\n${req.body ?? ''}`);
}

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, one request at a time. A deliberately small client (no
 * dependency): the Node `http` client costs more CPU than the servers it measures on 2 cores. It reads
 * Content-Length and chunked responses, which is all @hono/node-server sends.
 */
class Connection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | null = null;
  readonly #ready: Promise<void>;

  constructor(port: number) {
    this.#socket = connect({ host, port, noDelay: true });
    this.#ready = new Promise((resolve, reject) => {
      this.#socket.once('connect', resolve);
      this.#socket.once('error', reject);
    });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#parse();
    });
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  async send(request: Buffer): Promise<Reply> {
    await this.#ready;
    if (this.#pending) throw new Error('one request at a time');
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #fail(error: Error): void {
    const pending = this.#pending;
    this.#pending = null;
    pending?.reject(error);
  }

  #parse(): void {
    const end = this.#buffer.indexOf(headerEnd);
    if (end < 0 || !this.#pending) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body: Buffer;
    let consumed: number;
    if (length) {
      consumed = end + 4 + Number(length[1]);
      if (this.#buffer.length < consumed) return;
      body = this.#buffer.subarray(end + 4, consumed);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const chunks: Buffer[] = [];
      let at = end + 4;
      for (;;) {
        const lineEnd = this.#buffer.indexOf(crlf, at);
        if (lineEnd < 0) return;
        const size = Number.parseInt(this.#buffer.toString('latin1', at, lineEnd), 16);
        if (size === 0) {
          const trailerEnd = this.#buffer.indexOf(crlf, lineEnd + 2);
          if (trailerEnd < 0) return;
          consumed = trailerEnd + 2;
          break;
        }
        if (this.#buffer.length < lineEnd + 2 + size + 2) return;
        chunks.push(this.#buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(chunks);
    } else {
      consumed = end + 4;
      body = Buffer.alloc(0);
    }
    const pending = this.#pending;
    this.#pending = null;
    const text = body.toString('utf8');
    this.#buffer = this.#buffer.subarray(consumed);
    pending.resolve({ status, body: text });
  }
}

/** One request outside any measurement (fixtures, round-trip counting). */
export async function once(port: number, req: LoadRequest): Promise<Reply> {
  const connection = new Connection(port);
  try {
    return await connection.send(encode(req));
  } finally {
    connection.close();
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Closed-loop load: `connections` keep-alive connections, each sending its next request as soon as the previous
 * answer arrives, for `warmupMs` (not measured) then `durationMs`. Bounded by time and by `maxRequests`.
 */
export async function runLoad(options: LoadOptions, req: LoadRequest): Promise<LoadRun> {
  const fixed = req.perRequestHeaders ? null : encode(req);
  const latencies = new Float64Array(options.maxRequests);
  let measured = 0;
  let errors = 0;
  const errorSamples = new Set<string>();
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;

  async function loop(): Promise<void> {
    let connection = new Connection(options.port);
    try {
      for (;;) {
        const sent = performance.now();
        if (sent >= stopAt || measured >= options.maxRequests) return;
        let failure: string | null = null;
        try {
          const reply = await connection.send(fixed ?? encode(req));
          if (reply.status < 200 || reply.status > 299) failure = `${reply.status} ${reply.body.slice(0, 160)}`;
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
          connection.close();
          connection = new Connection(options.port);
        }
        const done = performance.now();
        if (sent < measureFrom || done > stopAt || measured >= options.maxRequests) continue;
        latencies[measured++] = done - sent;
        if (failure !== null) {
          errors++;
          if (errorSamples.size < 3) errorSamples.add(failure);
        }
      }
    } finally {
      connection.close();
    }
  }

  await Promise.all(Array.from({ length: options.connections }, loop));
  return summarize([latencies.subarray(0, measured)], options.durationMs, errors, [...errorSamples]);
}

/** Runs of one scenario measured in slices (interleaved with other servers' slices), as one result. */
export function combineRuns(runs: LoadRun[]): LoadResult {
  const { requests, requestsPerSecond, latencyMs, errors, errorSamples } = summarize(
    runs.map((run) => run.samples),
    runs.reduce((sum, run) => sum + run.durationMs, 0),
    runs.reduce((sum, run) => sum + run.errors, 0),
    [...new Set(runs.flatMap((run) => run.errorSamples))].slice(0, 3),
  );
  return { requests, requestsPerSecond, latencyMs, errors, errorSamples };
}

function summarize(parts: Float64Array[], durationMs: number, errors: number, errorSamples: string[]): LoadRun {
  const sorted = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    sorted.set(part, at);
    at += part.length;
  }
  sorted.sort();
  return {
    requests: sorted.length,
    requestsPerSecond: sorted.length / (durationMs / 1000),
    latencyMs: {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    },
    errors,
    errorSamples,
    samples: sorted,
    durationMs,
  };
}
