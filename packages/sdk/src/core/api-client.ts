import createClient, { type Client } from 'openapi-fetch';
import { type CamelAliased, withAliases } from './aliases';
import { APIPromise, type CallOutcome, type PendingCall, requestIdOf } from './api-promise';
import { readEnv } from './env';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, SolifynError } from './errors';
import { levelledLogger, type Logger, type LogLevel } from './logger';
import { PagePromise } from './pagination';
import { isRetryableResponse, retryDelay } from './retry';
import type {
  CallInit,
  Fetch,
  HttpMethod,
  OperationAt,
  PathsWithMethod,
  QueryParams,
  RequestOptions,
  SuccessBody,
} from './types';
import { VERSION } from '../version';

export const DEFAULT_BASE_URL = 'https://api.solifyn.com';
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;

/** The parts of a call for operation `Paths[P][M]`. */
type Init<Paths, P extends keyof Paths, M extends HttpMethod> = CallInit<OperationAt<Paths, P, M>>;
/** The aliased 2xx body of operation `Paths[P][M]`, carrying its request id. */
type Data<Paths, P extends keyof Paths, M extends HttpMethod> = WithRequestId<
  CamelAliased<SuccessBody<OperationAt<Paths, P, M>>>
>;

/** Every object a method resolves to also has a non-enumerable `requestId` (the response's `Request-Id`). */
export type WithRequestId<T> = T extends object ? T & { readonly requestId: string | undefined } : T;

export interface ClientOptions {
  /** Secret key (`sk_test_…` / `sk_live_…`). Defaults to the `SOLIFYN_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** Defaults to `SOLIFYN_BASE_URL`, else `https://api.solifyn.com`. */
  baseUrl?: string | undefined;
  /** Milliseconds per attempt. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt on connection errors, timeouts, 408, 429, 5xx and transient 409s. Default 2. */
  maxRetries?: number | undefined;
  /** Custom fetch, e.g. for a proxy, tests, or an in-process server: `(req) => app.fetch(req)`. */
  fetch?: Fetch | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /**
   * `debug` logs every attempt (method, path, status, duration, retry count, request id), `info` every retry,
   * `warn` (the default) what needs your attention. Defaults to the `SOLIFYN_LOG` environment variable.
   */
  logLevel?: LogLevel | undefined;
  /** Where log lines go: any console-like object. Default `console`. */
  logger?: Logger | undefined;
}

/**
 * The one place requests are made: auth and SDK headers, idempotency keys, per-attempt timeouts, retries with
 * backoff, typed errors, camelCase aliases and pagination. openapi-fetch does URL, parameter and body
 * serialisation and response parsing; this class decides what to do with the outcome.
 */
export class APIClient<Paths extends {}> {
  readonly baseUrl: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly logLevel: LogLevel;
  readonly #client: Client<Paths>;
  readonly #fetch: Fetch;
  readonly #log: Logger;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv('SOLIFYN_API_KEY');
    if (!apiKey) {
      throw new SolifynError(
        "Missing API key: pass `new Solifyn({ apiKey: 'sk_test_…' })` or set the SOLIFYN_API_KEY environment variable.",
      );
    }
    this.baseUrl = options.baseUrl ?? readEnv('SOLIFYN_BASE_URL') ?? DEFAULT_BASE_URL;
    this.timeout = nonNegative('timeout', options.timeout ?? DEFAULT_TIMEOUT_MS);
    this.maxRetries = Math.floor(nonNegative('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES));
    const log = levelledLogger(options.logLevel, options.logger);
    this.logLevel = log.level;
    this.#log = log;
    const customFetch = options.fetch;
    if (!customFetch && typeof globalThis.fetch !== 'function') {
      throw new SolifynError('No global fetch in this runtime: pass `fetch` to the Solifyn constructor.');
    }
    // Resolved per call so that a fetch installed (or mocked) after construction is used.
    this.#fetch = customFetch ?? ((request) => globalThis.fetch(request));
    this.#client = createClient<Paths>({
      baseUrl: this.baseUrl,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${apiKey}`,
        'Solifyn-SDK': `typescript/${VERSION}`,
        'Solifyn-Sdk-Version': VERSION,
        // Runtimes that do not let scripts set it (browsers) drop it silently.
        'User-Agent': `solifyn-node/${VERSION}`,
        ...options.defaultHeaders,
      },
    });
  }

  get<P extends PathsWithMethod<Paths, 'get'>>(path: P, init: Init<Paths, P, 'get'>, options?: RequestOptions) {
    return this.request('get', path, init, options);
  }

  post<P extends PathsWithMethod<Paths, 'post'>>(path: P, init: Init<Paths, P, 'post'>, options?: RequestOptions) {
    return this.request('post', path, init, options);
  }

  patch<P extends PathsWithMethod<Paths, 'patch'>>(path: P, init: Init<Paths, P, 'patch'>, options?: RequestOptions) {
    return this.request('patch', path, init, options);
  }

  delete<P extends PathsWithMethod<Paths, 'delete'>>(
    path: P,
    init: Init<Paths, P, 'delete'>,
    options?: RequestOptions,
  ) {
    return this.request('delete', path, init, options);
  }

  /** A GET list endpoint as a {@link PagePromise}: await it for one page, `for await` it for every item. */
  list<P extends PathsWithMethod<Paths, 'get'>>(
    path: P,
    init: Init<Paths, P, 'get'>,
    options?: RequestOptions,
  ): PagePromise<Data<Paths, P, 'get'>> {
    return new PagePromise(this.#call('get', path, init, options), (cursor) => {
      const query = { ...init.query, startingAfter: cursor } as unknown as QueryParams<OperationAt<Paths, P, 'get'>>;
      return this.request('get', path, { ...init, query }, options);
    });
  }

  /** Sends one API call, retrying as configured: an {@link APIPromise} of the aliased response body. */
  request<M extends HttpMethod, P extends PathsWithMethod<Paths, M>>(
    method: M,
    path: P,
    init: Init<Paths, P, M>,
    options: RequestOptions = {},
  ): APIPromise<Data<Paths, P, M>> {
    return new APIPromise(this.#call(method, path, init, options));
  }

  #call<T>(method: HttpMethod, path: string, init: CallInit<unknown>, options: RequestOptions = {}): PendingCall<T> {
    let raw = false;
    return {
      outcome: this.#send(method, path, init, options, () => raw),
      wantRaw: () => {
        raw = true;
      },
      toResult: (data, response) => withRequestId(withAliases(data), requestIdOf(response)) as T,
    };
  }

  /** The retry loop; resolves with the first 2xx, or throws the last error. */
  async #send(
    method: HttpMethod,
    path: string,
    init: CallInit<unknown>,
    options: RequestOptions,
    wantsRaw: () => boolean,
  ): Promise<CallOutcome> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const idempotencyKey = options.idempotencyKey ?? (method === 'post' ? crypto.randomUUID() : undefined);
    const { signal } = options;
    const verb = method.toUpperCase();

    for (let retriesSoFar = 0; ; retriesSoFar++) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      const started = Date.now();
      const attempt = await this.#attempt(method, path, init, {
        timeout,
        signal,
        wantsRaw,
        headers: {
          'Idempotency-Key': idempotencyKey,
          'X-Solifyn-Retry-Count': retriesSoFar > 0 ? String(retriesSoFar) : undefined,
          ...options.headers,
        },
      });
      const response = attempt.outcome?.response;
      const failure = attempt.error;
      const status = response?.status ?? (failure instanceof APIError ? failure.status : undefined);
      const requestId = response ? requestIdOf(response) : failure instanceof APIError ? failure.requestId : undefined;
      const durationMs = Date.now() - started;
      // The path without its query string: queries can carry customer emails.
      const where = `${verb} ${attempt.pathname}`;
      this.#log.debug(`${where} → ${status ?? failure?.name} in ${durationMs} ms`, {
        method: verb,
        path: attempt.pathname,
        status,
        durationMs,
        retryCount: retriesSoFar,
        requestId,
      });
      if (attempt.outcome) return attempt.outcome;
      const { error } = attempt;

      const retryable =
        error instanceof APIConnectionError ||
        (error instanceof APIError && isRetryableResponse(error.status, error.code));
      const canRetry = retryable && retriesSoFar < maxRetries;
      const delay = canRetry
        ? retryDelay(retriesSoFar, error instanceof APIError ? error.headers : undefined)
        : undefined;
      if (delay === undefined) {
        if (canRetry) this.#log.warn(`${where}: not retried, the server asked to wait over 60 s (Retry-After).`);
        throw error;
      }
      this.#log.info(
        `${where} → ${status ?? error.name}; retry ${retriesSoFar + 1} of ${maxRetries} in ${Math.round(delay)} ms`,
      );
      await sleep(delay, signal);
    }
  }

  /** One attempt with its own timeout; never throws: the 2xx (body read, unless raw) or the classified error. */
  async #attempt(
    method: HttpMethod,
    path: string,
    init: CallInit<unknown>,
    options: {
      timeout: number;
      signal: AbortSignal | undefined;
      headers: Record<string, string | null | undefined>;
      wantsRaw: () => boolean;
    },
  ): Promise<
    { pathname: string } & ({ outcome: CallOutcome; error?: never } | { outcome?: never; error: SolifynError })
  > {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new APIConnectionTimeoutError());
    }, options.timeout);
    const onUserAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onUserAbort, { once: true });
    let pathname = path;

    try {
      const { error, response } = await (this.#client as unknown as RawClient).request(method, path, {
        params: { path: init.path, query: init.query },
        body: init.body,
        headers: options.headers,
        signal: controller.signal,
        // A 2xx body is read below (or handed over unread), not by openapi-fetch.
        parseAs: 'stream',
        // The race makes timeouts and aborts work even with a custom fetch that ignores `signal`.
        fetch: (request: Request) => {
          pathname = new URL(request.url).pathname;
          return abortable(Promise.resolve(this.#fetch(request)), controller.signal);
        },
      });
      if (!response.ok) return { pathname, error: APIError.generate(response.status, error, response.headers) };
      if (options.wantsRaw()) return { pathname, outcome: { response } };
      const text = await abortable(response.text(), controller.signal);
      return { pathname, outcome: { response, body: { text, data: text === '' ? undefined : JSON.parse(text) } } };
    } catch (cause) {
      if (options.signal?.aborted) return { pathname, error: new APIUserAbortError(undefined, { cause }) };
      if (timedOut) {
        return {
          pathname,
          error: new APIConnectionTimeoutError(`Request timed out after ${options.timeout} ms.`, { cause }),
        };
      }
      if (cause instanceof SyntaxError) {
        return {
          pathname,
          error: new SolifynError(`Invalid JSON in a successful response: ${cause.message}`, { cause }),
        };
      }
      return { pathname, error: new APIConnectionError(undefined, { cause }) };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onUserAbort);
    }
  }
}

/** openapi-fetch's `request()` seen without its per-path generics (the public methods above carry the types). */
interface RawClient {
  request(
    method: HttpMethod,
    path: string,
    init: Record<string, unknown>,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

/** Adds the non-enumerable `requestId` to an object result (unless the body has its own `requestId`). */
function withRequestId<T>(data: T, requestId: string | undefined): T {
  if (typeof data === 'object' && data !== null && !('requestId' in data)) {
    Object.defineProperty(data, 'requestId', { value: requestId, enumerable: false, configurable: true });
  }
  return data;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError(undefined, { cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SolifynError(`\`${name}\` must be a non-negative number, got ${String(value)}.`);
  }
  return value;
}
