import { listOrders as listStoredOrders } from '../../store/orders';
import { cursorExists } from '../../store/pagination';
import { orderOnWire } from '../../wire/order';
import type { Handler } from '../handler';
import { invalidCursor } from '../not-found';

/** GET /v1/orders */
export const listOrders: Handler<'listOrders'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.var.deps;
  const page = await listStoredOrders(db, c.var.caller, query);
  if (
    page.data.length === 0 &&
    query.startingAfter !== undefined &&
    !(await cursorExists(db, 'orders', c.var.caller, query.startingAfter))
  ) {
    throw invalidCursor(query.startingAfter);
  }
  return c.json({ data: page.data.map(orderOnWire), has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
};
