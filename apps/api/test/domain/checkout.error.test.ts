import { describe, expect, it } from 'vitest';
import { assertCheckoutDataWithinLimits, priceCheckout } from '../../src/domain/checkout';
import type { PricedProduct } from '../../src/domain/products';
import { applyDiscount, type DiscountRule } from '../../src/domain/discounts';
import { DomainError } from '../../src/domain/failure';

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return `${error.reason} ${error.field?.path.join('/') ?? ''}`.trim();
    throw error;
  }
  return 'accepted';
}

const fixed: PricedProduct = {
  id: 'prod_fixed00000000001',
  pricingType: 'fixed',
  defaultCurrency: 'usd',
  prices: [{ currency: 'usd', amount: 1999, minimumAmount: null, maximumAmount: null, suggestedAmount: null }],
};
const pwyw: PricedProduct = {
  ...fixed,
  pricingType: 'pay_what_you_want',
  prices: [{ currency: 'usd', amount: null, minimumAmount: 500, maximumAmount: 10000, suggestedAmount: null }],
};
const rule: DiscountRule = {
  id: 'disc_a',
  code: 'SAVE3',
  type: 'fixed_amount',
  percentOffHundredths: null,
  amountOff: 300,
  currency: 'usd',
  expiresAt: null,
  maxRedemptions: null,
  timesRedeemed: 0,
  productId: null,
  active: true,
};
const now = new Date('2026-11-24T12:00:00Z');
const use = { productId: fixed.id, currency: 'usd', now };

describe('checkout pricing rejections', () => {
  it('rejects a currency the product has no price in', () => {
    expect(rejection(() => priceCheckout(fixed, { currency: 'eur', quantity: 1, customPrice: undefined }))).toBe(
      'currency_not_supported currency',
    );
  });

  it('rejects a currency we do not support at all', () => {
    expect(rejection(() => priceCheckout(fixed, { currency: 'xyz', quantity: 1, customPrice: undefined }))).toBe(
      'currency_not_supported currency',
    );
  });

  it('rejects customPrice on a fixed-price product', () => {
    expect(rejection(() => priceCheckout(fixed, { currency: undefined, quantity: 1, customPrice: 15 }))).toBe(
      'custom_price_not_allowed customPrice',
    );
  });

  it('rejects a custom price below the minimum and above the maximum', () => {
    expect(rejection(() => priceCheckout(pwyw, { currency: undefined, quantity: 1, customPrice: 4.99 }))).toBe(
      'custom_price_below_minimum customPrice',
    );
    expect(rejection(() => priceCheckout(pwyw, { currency: undefined, quantity: 1, customPrice: 100.01 }))).toBe(
      'custom_price_above_maximum customPrice',
    );
  });

  it('rejects a custom price with more precision than the currency', () => {
    expect(rejection(() => priceCheckout(pwyw, { currency: undefined, quantity: 1, customPrice: 15.005 }))).toBe(
      'amount_precision_exceeded customPrice',
    );
  });
});

describe('discount rejections, each with its own code', () => {
  it.each([
    ['inactive', { active: false }, 'discount_inactive'],
    ['expired', { expiresAt: new Date(now.getTime()) }, 'discount_expired'],
    ['exhausted', { maxRedemptions: 3, timesRedeemed: 3 }, 'discount_exhausted'],
    ['for another product', { productId: 'prod_other0000000001' }, 'discount_not_applicable'],
    ['in another currency', { currency: 'eur' }, 'discount_currency_mismatch'],
  ])('%s', (_name, change, code) => {
    expect(rejection(() => applyDiscount({ ...rule, ...change }, use))).toBe(`${code} discountCode`);
  });
});

describe('checkoutData limits', () => {
  it('rejects more than 8 KiB of JSON', () => {
    expect(rejection(() => assertCheckoutDataWithinLimits({ blob: 'x'.repeat(8200) }))).toBe(
      'checkout_data_too_large checkoutData',
    );
  });

  it('rejects nesting deeper than 5 levels and accepts exactly 5', () => {
    expect(rejection(() => assertCheckoutDataWithinLimits({ a: { b: { c: { d: { e: 1 } } } } }))).toBe('accepted');
    expect(rejection(() => assertCheckoutDataWithinLimits({ a: { b: { c: { d: { e: { f: 1 } } } } } }))).toBe(
      'checkout_data_too_deep checkoutData',
    );
  });
});
