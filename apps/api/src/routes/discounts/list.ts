import { listDiscounts as listStoredDiscounts } from '../../store/discounts';
import { cursorExists } from '../../store/pagination';
import { discountOnWire } from '../../wire/discount';
import type { Handler } from '../handler';
import { invalidCursor } from '../not-found';

/** GET /v1/discounts */
export const listDiscounts: Handler<'listDiscounts'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.var.deps;
  const page = await listStoredDiscounts(db, c.var.caller, query);
  if (
    page.data.length === 0 &&
    query.startingAfter !== undefined &&
    !(await cursorExists(db, 'discounts', c.var.caller, query.startingAfter))
  ) {
    throw invalidCursor(query.startingAfter);
  }
  return c.json({ data: page.data.map(discountOnWire), has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
};
