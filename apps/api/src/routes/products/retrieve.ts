import { findProduct } from '../../store/products';
import { productOnWire } from '../../wire/product';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** GET /v1/products/{productId} — archived products too. */
export const retrieveProduct: Handler<'retrieveProduct'> = async (c) => {
  const { productId } = c.req.valid('param');
  const product = await findProduct(c.get('deps').db, c.get('caller'), productId);
  if (!product) throw notFound('product_not_found', 'product', productId, '/path/productId');
  return c.json(productOnWire(product), 200);
};
