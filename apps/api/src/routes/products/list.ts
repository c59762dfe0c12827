import { cursorExists } from '../../store/pagination';
import { listProducts as listStoredProducts } from '../../store/products';
import { productOnWire } from '../../wire/product';
import type { Handler } from '../handler';
import { invalidCursor } from '../not-found';

/** GET /v1/products */
export const listProducts: Handler<'listProducts'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.var.deps;
  const page = await listStoredProducts(db, c.var.caller, query);
  if (
    page.data.length === 0 &&
    query.startingAfter !== undefined &&
    !(await cursorExists(db, 'products', c.var.caller, query.startingAfter))
  ) {
    throw invalidCursor(query.startingAfter);
  }
  return c.json({ data: page.data.map(productOnWire), has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
};
