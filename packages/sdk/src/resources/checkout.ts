import {
  type APIPromise,
  APIResource,
  type Body,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Checkout sessions: a customer's way to pay for a product. */
export class Checkout extends APIResource {
  /** Creates a checkout session; redirect the customer to its `checkout_url`. */
  createSession(
    body: Body<'createCheckoutSession'>,
    options?: RequestOptions,
  ): APIPromise<Result<'createCheckoutSession'>> {
    return this._client.post('/v1/checkout/create', { body }, options);
  }

  /** Retrieves a checkout session by its `id` or its `session_id`. */
  retrieve(checkoutId: string, options?: RequestOptions): APIPromise<Result<'retrieveCheckoutSession'>> {
    return this._client.get('/v1/checkout/{checkoutId}', { path: { checkoutId } }, options);
  }

  /** Lists checkout sessions, newest first. */
  list(query: Query<'listCheckoutSessions'> = {}, options?: RequestOptions): ListResult<'listCheckoutSessions'> {
    return this._client.list('/v1/checkout', { query }, options);
  }

  /** Expires an open checkout session so it can no longer be paid. */
  expire(checkoutId: string, options?: RequestOptions): APIPromise<Result<'expireCheckoutSession'>> {
    return this._client.post('/v1/checkout/{checkoutId}/expire', { path: { checkoutId } }, options);
  }
}
