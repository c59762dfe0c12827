import {
  type APIPromise,
  APIResource,
  type Body,
  type ListResult,
  type Query,
  type RequestOptions,
  type Result,
} from '../resource';

/** Products and their prices. */
export class Products extends APIResource {
  create(body: Body<'createProduct'>, options?: RequestOptions): APIPromise<Result<'createProduct'>> {
    return this._client.post('/v1/products', { body }, options);
  }

  retrieve(productId: string, options?: RequestOptions): APIPromise<Result<'retrieveProduct'>> {
    return this._client.get('/v1/products/{productId}', { path: { productId } }, options);
  }

  /** Updates the given fields; `{ active: false }` archives the product. */
  update(
    productId: string,
    body: Body<'updateProduct'>,
    options?: RequestOptions,
  ): APIPromise<Result<'updateProduct'>> {
    return this._client.patch('/v1/products/{productId}', { path: { productId }, body }, options);
  }

  list(query: Query<'listProducts'> = {}, options?: RequestOptions): ListResult<'listProducts'> {
    return this._client.list('/v1/products', { query }, options);
  }
}
