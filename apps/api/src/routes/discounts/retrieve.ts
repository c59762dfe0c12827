import { findDiscount } from '../../store/discounts';
import { discountOnWire } from '../../wire/discount';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** GET /v1/discounts/{discountId} */
export const retrieveDiscount: Handler<'retrieveDiscount'> = async (c) => {
  const { discountId } = c.req.valid('param');
  const discount = await findDiscount(c.get('deps').db, c.get('caller'), discountId);
  if (!discount) throw notFound('discount_not_found', 'discount', discountId, '/path/discountId');
  return c.json(discountOnWire(discount), 200);
};
