import {
  type APIPromise,
  APIResource,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Orders: completed checkouts. */
export class Orders extends APIResource {
  retrieve(orderId: string, options?: RequestOptions): APIPromise<Result<'retrieveOrder'>> {
    return this._client.get('/v1/orders/{orderId}', { path: { orderId } }, options);
  }

  list(query: Query<'listOrders'> = {}, options?: RequestOptions): ListResult<'listOrders'> {
    return this._client.list('/v1/orders', { query }, options);
  }
}
