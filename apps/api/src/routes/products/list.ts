import * as store from '../../store/products';
import { productOnWire } from '../../wire/product';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/products */
export const listProducts: Handler<'listProducts'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listProducts(db, c.get('caller'), query);
  return c.json(pageOnWire(page, productOnWire), 200);
};
