import * as store from '../../store/orders';
import { orderOnWire } from '../../wire/order';
import type { Handler } from '../handler';
import { listPage } from '../list-page';

/** GET /v1/orders */
export const listOrders: Handler<'listOrders'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listOrders(db, c.get('caller'), query);
  return c.json(await listPage(db, c.get('caller'), 'orders', query.startingAfter, page, orderOnWire), 200);
};
