import {
  type APIPromise,
  APIResource,
  type Body,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';
import { Refunds } from './refunds';

/** Orders: completed checkouts. */
export class Orders extends APIResource {
  private readonly refunds = new Refunds(this._client);

  retrieve(orderId: string, options?: RequestOptions): APIPromise<Result<'retrieveOrder'>> {
    return this._client.get('/v1/orders/{orderId}', { path: { orderId } }, options);
  }

  list(query: Query<'listOrders'> = {}, options?: RequestOptions): ListResult<'listOrders'> {
    return this._client.list('/v1/orders', { query }, options);
  }

  /** The same call as `solifyn.refunds.create(orderId, params)`, for code that starts from the order. */
  refund(
    orderId: string,
    params: Body<'createRefund'> = {},
    options?: RequestOptions,
  ): APIPromise<Result<'createRefund'>> {
    return this.refunds.create(orderId, params, options);
  }
}
