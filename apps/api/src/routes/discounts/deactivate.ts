import * as store from '../../store/discounts';
import { discountOnWire } from '../../wire/discount';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** POST /v1/discounts/{discountId}/deactivate — idempotent: deactivating twice returns the same discount. */
export const deactivateDiscount: Handler<'deactivateDiscount'> = async (c) => {
  const { discountId } = c.req.valid('param');
  const discount = await store.deactivateDiscount(c.get('deps').db, c.get('caller'), discountId);
  if (!discount) throw notFound('discount_not_found', 'discount', discountId, '/path/discountId');
  c.get('deps').cache.invalidate(`discount:${discount.id}`);
  return c.json(discountOnWire(discount), 200);
};
