import * as store from '../../store/orders';
import { orderOnWire } from '../../wire/order';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/orders */
export const listOrders: Handler<'listOrders'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listOrders(db, c.get('caller'), query);
  return c.json(pageOnWire(page, orderOnWire), 200);
};
