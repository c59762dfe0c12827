import {
  type APIPromise,
  APIResource,
  type Body,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Refunds of orders, in whole or in part. */
export class Refunds extends APIResource {
  /** Refunds `params.amount` of the order, or all that is left to refund without it. */
  create(
    orderId: string,
    params: Body<'createRefund'> = {},
    options?: RequestOptions,
  ): APIPromise<Result<'createRefund'>> {
    return this._client.post('/v1/orders/{orderId}/refunds', { path: { orderId }, body: params }, options);
  }

  retrieve(refundId: string, options?: RequestOptions): APIPromise<Result<'retrieveRefund'>> {
    return this._client.get('/v1/refunds/{refundId}', { path: { refundId } }, options);
  }

  list(query: Query<'listRefunds'> = {}, options?: RequestOptions): ListResult<'listRefunds'> {
    return this._client.list('/v1/refunds', { query }, options);
  }
}
