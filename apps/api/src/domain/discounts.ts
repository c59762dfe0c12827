import type { ProblemCode } from '../generated/schemas';
import { DomainError } from './failure';
import { toScaledInteger } from './money';
import type { DiscountValue } from './pricing';

export interface DiscountRule {
  id: string;
  code: string;
  type: 'percent' | 'fixed_amount';
  /** 12.5 % is 1250. */
  percentOffHundredths: number | null;
  /** Minor units of `currency`. */
  amountOff: number | null;
  currency: string | null;
  expiresAt: Date | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  productId: string | null;
  active: boolean;
}

export interface DiscountUse {
  productId: string;
  currency: string;
  now: Date;
}

/** A percentage off with at most 2 decimals as exact hundredths (12.5 → 1250); null when it has more decimals. */
export function percentToHundredths(percent: number): number | null {
  return toScaledInteger(percent, 2);
}

/**
 * The form a code is looked up by: codes are ASCII (`[A-Za-z0-9_-]{3,40}`, as created) and compared ignoring ASCII
 * case only. Anything else — a lookalike such as `ſ` or `ı`, which PostgreSQL's upper() turns into S and I, a
 * decomposed or fullwidth letter — names no code: null, so it is never looked up and never matches.
 */
export function discountLookupKey(entered: string): string | null {
  return /^[A-Za-z0-9_-]{3,40}$/.test(entered) ? entered.toUpperCase() : null;
}

/** Why the discount cannot be used for this purchase (a distinct reason each), or null when it can. */
export function discountRefusal(rule: DiscountRule, use: DiscountUse): DomainError | null {
  const refuse = (reason: ProblemCode, detail: string) =>
    new DomainError(reason, detail, { path: ['discountCode'], detail });
  if (!rule.active) return refuse('discount_inactive', `Discount code "${rule.code}" is no longer active.`);
  if (rule.expiresAt && rule.expiresAt.getTime() <= use.now.getTime()) {
    return refuse('discount_expired', `Discount code "${rule.code}" expired at ${rule.expiresAt.toISOString()}.`);
  }
  if (rule.maxRedemptions !== null && rule.timesRedeemed >= rule.maxRedemptions) {
    return refuse('discount_exhausted', `Discount code "${rule.code}" has reached its redemption limit.`);
  }
  if (rule.productId !== null && rule.productId !== use.productId) {
    return refuse('discount_not_applicable', `Discount code "${rule.code}" does not apply to this product.`);
  }
  if (rule.type === 'fixed_amount' && (rule.currency !== use.currency || rule.amountOff === null)) {
    return refuse(
      'discount_currency_mismatch',
      `Discount code "${rule.code}" is in ${String(rule.currency).toUpperCase()}, the checkout in ${use.currency.toUpperCase()}.`,
    );
  }
  return null;
}

/** The discount's value for this purchase; throws the `discountRefusal` when it cannot be used. */
export function applyDiscount(rule: DiscountRule, use: DiscountUse): DiscountValue {
  const refusal = discountRefusal(rule, use);
  if (refusal) throw refusal;
  // A usable fixed amount has an amountOff in the checkout's currency (discountRefusal checked both).
  if (rule.type === 'fixed_amount')
    return { type: 'fixed_amount', amountOff: rule.amountOff ?? 0, currency: use.currency };
  return { type: 'percent', percentOffHundredths: rule.percentOffHundredths ?? 0 };
}
