import {
  type APIPromise,
  APIResource,
  type Body,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Discount codes customers can apply at checkout. */
export class Discounts extends APIResource {
  create(body: Body<'createDiscount'>, options?: RequestOptions): APIPromise<Result<'createDiscount'>> {
    return this._client.post('/v1/discounts', { body }, options);
  }

  retrieve(discountId: string, options?: RequestOptions): APIPromise<Result<'retrieveDiscount'>> {
    return this._client.get('/v1/discounts/{discountId}', { path: { discountId } }, options);
  }

  list(query: Query<'listDiscounts'> = {}, options?: RequestOptions): ListResult<'listDiscounts'> {
    return this._client.list('/v1/discounts', { query }, options);
  }

  /** Deactivates a discount; it can no longer be redeemed. */
  deactivate(discountId: string, options?: RequestOptions): APIPromise<Result<'deactivateDiscount'>> {
    return this._client.post('/v1/discounts/{discountId}/deactivate', { path: { discountId } }, options);
  }
}
