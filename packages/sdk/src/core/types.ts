/**
 * Type helpers over openapi-typescript output (`paths` / `operations`). Generic on purpose: the core never
 * imports the generated file, resources instantiate these with it.
 */

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** JSON body of the operation's 2xx response. */
export type SuccessBody<Op> = Op extends { responses: infer Responses }
  ? JsonContent<Responses[Extract<keyof Responses, 200 | 201 | 202>]>
  : never;

/** JSON request body of the operation. */
export type RequestBody<Op> = Op extends { requestBody?: infer Body } ? JsonContent<NonNullable<Body>> : never;

/** Query parameters of the operation. */
export type QueryParams<Op> = Op extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** Path parameters of the operation. */
export type PathParams<Op> = Op extends { parameters: { path?: infer Path } } ? NonNullable<Path> : never;

/** Paths of `Paths` that define method `M` (openapi-typescript marks absent methods `?: never`). */
export type PathsWithMethod<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: object } ? P : never;
}[keyof Paths] &
  string;

/** The operation object at `Paths[P][M]`. */
export type OperationAt<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends { [K in M]: infer Op }
  ? Op
  : never;

/** What a resource passes to the core for one call; each part is checked against the operation. */
export interface CallInit<Op> {
  path?: PathParams<Op>;
  query?: QueryParams<Op>;
  body?: RequestBody<Op>;
}

/** Any `fetch`-compatible function: `globalThis.fetch`, undici's, or an in-process app (`(req) => app.fetch(req)`). */
export type Fetch = (request: Request) => Promise<Response> | Response;

/** Options accepted by every method as its last argument. */
export interface RequestOptions {
  /** `Idempotency-Key` for a POST; by default a random UUID generated once per call and reused by its retries. */
  idempotencyKey?: string;
  /** Milliseconds per attempt (each retry gets a fresh clock). Overrides the client's `timeout`. */
  timeout?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Aborts the call, including any wait between retries; rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Extra headers for this call; `null` removes a default header. */
  headers?: Record<string, string | null | undefined>;
}
