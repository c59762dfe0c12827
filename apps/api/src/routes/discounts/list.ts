import * as store from '../../store/discounts';
import { discountOnWire } from '../../wire/discount';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/discounts */
export const listDiscounts: Handler<'listDiscounts'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listDiscounts(db, c.get('caller'), query);
  return c.json(pageOnWire(page, discountOnWire), 200);
};
