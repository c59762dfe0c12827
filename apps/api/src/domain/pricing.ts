/** What a discount takes off, as stored: a percentage (up to 2 decimals) or a fixed amount in one currency. */
export type DiscountValue =
  { type: 'percent'; percentOffHundredths: number } | { type: 'fixed_amount'; amountOff: number; currency: string };

export interface Totals {
  subtotal: number;
  discountAmount: number;
  total: number;
}

/**
 * Totals in integer minor units: unit × quantity − discount, never below zero. A percentage is rounded half up to
 * the minor unit; a fixed amount never exceeds the subtotal.
 */
export function computeTotals(unitAmount: number, quantity: number, discount: DiscountValue | null): Totals {
  const subtotal = unitAmount * quantity;
  let discountAmount = 0;
  if (discount?.type === 'percent') {
    discountAmount = Number((BigInt(subtotal) * BigInt(discount.percentOffHundredths) + 5000n) / 10000n);
  } else if (discount?.type === 'fixed_amount') {
    discountAmount = discount.amountOff;
  }
  discountAmount = Math.min(discountAmount, subtotal);
  return { subtotal, discountAmount, total: subtotal - discountAmount };
}
