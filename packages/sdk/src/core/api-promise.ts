/**
 * What every method returns: a promise of the result that also offers the raw HTTP response.
 *
 * ```ts
 * const session = await solifyn.checkout.createSession(body); // the result, as before
 * const { data, response, requestId } = await solifyn.checkout.createSession(body).withResponse();
 * const response = await solifyn.checkout.createSession(body).asResponse(); // body unread
 * ```
 */
import { SolifynError } from './errors';

/** A successful call as the request loop hands it over. */
export interface CallOutcome {
  response: Response;
  /** The body as read by the loop: its exact text and the parsed value. Absent when handed over unread. */
  body?: { text: string; data: unknown } | undefined;
}

/** A call in flight, started by the client; the promise decides how its 2xx is consumed. */
export interface PendingCall<T> {
  /** Settles once a 2xx arrived (and its body was read, unless {@link wantRaw} was called before it arrived). */
  readonly outcome: Promise<CallOutcome>;
  /** Asks for the 2xx with its body unread. */
  wantRaw(): void;
  /** The method's result from the parsed body: aliases and `requestId` added. */
  toResult(data: unknown, response: Response): T;
}

/** What `.withResponse()` resolves to. */
export interface WithResponse<T> {
  data: T;
  /** The HTTP response (its body already read into `data`): status and headers such as `RateLimit`. */
  response: Response;
  /** The response's `Request-Id` header — quote it when contacting support. */
  requestId: string | undefined;
}

/** The `Request-Id` header of a response. */
export function requestIdOf(response: Response): string | undefined {
  return response.headers.get('request-id') ?? undefined;
}

export class APIPromise<T> extends Promise<T> {
  // `then`/`catch`/`finally` return plain promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #call: PendingCall<T>;
  #parsed: Promise<WithResponse<T>> | undefined;

  constructor(call: PendingCall<T>) {
    // The settled value lives in `call`; the base promise's own state is never observed (`then` is overridden).
    super((resolve) => resolve(undefined as T));
    this.#call = call;
  }

  /** The result together with the HTTP response and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    this.#parsed ??= this.#call.outcome.then(({ response, body }) => {
      if (!body) {
        throw new SolifynError('This call was consumed by asResponse(): read the body from that Response.');
      }
      return { data: this.#call.toResult(body.data, response), response, requestId: requestIdOf(response) };
    });
    return this.#parsed;
  }

  /**
   * The successful HTTP response with its body unread (errors still reject as usual). Call it right away, as in
   * `await solifyn.orders.retrieve(id).asResponse()`; the SDK's `timeout` and `signal` then stop applying once
   * the headers are in, and reading the body is yours.
   */
  asResponse(): Promise<Response> {
    this.#call.wantRaw();
    return this.#call.outcome.then(({ response, body }) =>
      // Asked for after the body was already read: an equivalent response over the same bytes.
      body
        ? new Response(body.text === '' ? null : body.text, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          })
        : response,
    );
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.withResponse()
      .then(({ data }) => data)
      .then(onfulfilled, onrejected);
  }
}
