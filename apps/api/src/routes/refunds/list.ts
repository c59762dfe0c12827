import * as store from '../../store/refunds';
import { refundOnWire } from '../../wire/refund';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/refunds */
export const listRefunds: Handler<'listRefunds'> = async (c) => {
  const query = c.req.valid('query');
  const page = await store.listRefunds(c.get('deps').db, c.get('caller'), query);
  return c.json(pageOnWire(page, refundOnWire), 200);
};
