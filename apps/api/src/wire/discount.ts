import { toMajorUnits } from '../domain/money';
import type { Discount } from '../generated/schemas';
import type { DiscountRecord } from '../store/discounts';

export function discountOnWire(discount: DiscountRecord): Discount {
  return {
    id: discount.id,
    object: 'discount',
    mode: discount.mode,
    code: discount.code,
    type: discount.type,
    percent_off: discount.percentOffHundredths === null ? null : discount.percentOffHundredths / 100,
    amount_off:
      discount.amountOff === null || discount.currency === null
        ? null
        : toMajorUnits(discount.amountOff, discount.currency),
    currency: discount.currency,
    expires_at: discount.expiresAt?.toISOString() ?? null,
    max_redemptions: discount.maxRedemptions,
    times_redeemed: discount.timesRedeemed,
    product_id: discount.productId,
    active: discount.active,
    created_at: discount.createdAt.toISOString(),
  };
}
