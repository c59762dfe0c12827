import createClient, { type Client } from 'openapi-fetch';
import { type CamelAliased, withAliases } from './aliases';
import { readEnv } from './env';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, SolifynError } from './errors';
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
/** The aliased 2xx body of operation `Paths[P][M]`. */
type Data<Paths, P extends keyof Paths, M extends HttpMethod> = CamelAliased<SuccessBody<OperationAt<Paths, P, M>>>;

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
  readonly #client: Client<Paths>;
  readonly #fetch: Fetch;

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
    return new PagePromise((cursor) => {
      const query = (cursor === undefined ? init.query : { ...init.query, startingAfter: cursor }) as
        QueryParams<OperationAt<Paths, P, 'get'>> | undefined;
      return this.request('get', path, { ...init, query }, options);
    });
  }

  /** Sends one API call, retrying as configured; resolves to the aliased response body or throws. */
  async request<M extends HttpMethod, P extends PathsWithMethod<Paths, M>>(
    method: M,
    path: P,
    init: Init<Paths, P, M>,
    options: RequestOptions = {},
  ): Promise<Data<Paths, P, M>> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const idempotencyKey = options.idempotencyKey ?? (method === 'post' ? crypto.randomUUID() : undefined);
    const { signal } = options;

    for (let retriesSoFar = 0; ; retriesSoFar++) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      const attempt = await this.#attempt(method, path, init, {
        timeout,
        signal,
        headers: {
          'Idempotency-Key': idempotencyKey,
          'X-Solifyn-Retry-Count': retriesSoFar > 0 ? String(retriesSoFar) : undefined,
          ...options.headers,
        },
      });
      if (attempt.ok) return withAliases(attempt.data) as Data<Paths, P, M>;

      const { error } = attempt;
      const retryable =
        error instanceof APIConnectionError ||
        (error instanceof APIError && isRetryableResponse(error.status, error.code));
      const delay =
        retryable && retriesSoFar < maxRetries
          ? retryDelay(retriesSoFar, error instanceof APIError ? error.headers : undefined)
          : undefined;
      if (delay === undefined) throw error;
      await sleep(delay, signal);
    }
  }

  /** One attempt with its own timeout; never throws, returns the data or the classified error. */
  async #attempt(
    method: HttpMethod,
    path: string,
    init: CallInit<unknown>,
    options: { timeout: number; signal: AbortSignal | undefined; headers: Record<string, string | null | undefined> },
  ): Promise<{ ok: true; data: unknown } | { ok: false; error: SolifynError }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new APIConnectionTimeoutError());
    }, options.timeout);
    const onUserAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onUserAbort, { once: true });

    try {
      const { data, error, response } = await (this.#client as unknown as RawClient).request(method, path, {
        params: { path: init.path, query: init.query },
        body: init.body,
        headers: options.headers,
        signal: controller.signal,
        // The race makes timeouts and aborts work even with a custom fetch that ignores `signal`.
        fetch: (request: Request) => abortable(Promise.resolve(this.#fetch(request)), controller.signal),
      });
      if (response.ok) return { ok: true, data };
      return { ok: false, error: APIError.generate(response.status, error, response.headers) };
    } catch (cause) {
      if (options.signal?.aborted) return { ok: false, error: new APIUserAbortError(undefined, { cause }) };
      if (timedOut) {
        return {
          ok: false,
          error: new APIConnectionTimeoutError(`Request timed out after ${options.timeout} ms.`, { cause }),
        };
      }
      if (cause instanceof SyntaxError) {
        return {
          ok: false,
          error: new SolifynError(`Invalid JSON in a successful response: ${cause.message}`, { cause }),
        };
      }
      return { ok: false, error: new APIConnectionError(undefined, { cause }) };
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
