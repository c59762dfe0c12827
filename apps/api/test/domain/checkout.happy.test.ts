import { describe, expect, it } from 'vitest';
import { effectiveStatus, priceCheckout } from '../../src/domain/checkout';
import type { PricedProduct } from '../../src/domain/products';
import { applyDiscount, type DiscountRule } from '../../src/domain/discounts';

const fixed: PricedProduct = {
  id: 'prod_fixed00000000001',
  pricingType: 'fixed',
  defaultCurrency: 'usd',
  prices: [
    { currency: 'usd', amount: 1999, minimumAmount: null, maximumAmount: null, suggestedAmount: null },
    { currency: 'eur', amount: 1799, minimumAmount: null, maximumAmount: null, suggestedAmount: null },
  ],
};
const pwyw: PricedProduct = {
  id: 'prod_pwyw000000000001',
  pricingType: 'pay_what_you_want',
  defaultCurrency: 'usd',
  prices: [{ currency: 'usd', amount: null, minimumAmount: 500, maximumAmount: 10000, suggestedAmount: 1500 }],
};
const percent10: DiscountRule = {
  id: 'disc_a',
  code: 'PROMO10',
  type: 'percent',
  percentOffHundredths: 1000,
  amountOff: null,
  currency: null,
  expiresAt: null,
  maxRedemptions: null,
  timesRedeemed: 0,
  productId: null,
  active: true,
};
const now = new Date('2026-11-24T12:00:00Z');

describe('checkout pricing', () => {
  it('uses the default currency and the fixed price', () => {
    expect(priceCheckout(fixed, { currency: undefined, quantity: 1, customPrice: undefined })).toEqual({
      currency: 'usd',
      unitAmount: 1999,
    });
  });

  it('uses another priced currency when asked', () => {
    expect(priceCheckout(fixed, { currency: 'eur', quantity: 2, customPrice: undefined }).unitAmount).toBe(1799);
  });

  it('takes the customer price for pay-what-you-want, in minor units', () => {
    expect(priceCheckout(pwyw, { currency: undefined, quantity: 1, customPrice: 15 }).unitAmount).toBe(1500);
  });

  it('starts pay-what-you-want at the suggested price when none is given', () => {
    expect(priceCheckout(pwyw, { currency: 'usd', quantity: 1, customPrice: undefined }).unitAmount).toBe(1500);
  });

  it('accepts prices exactly at the minimum and maximum', () => {
    expect(priceCheckout(pwyw, { currency: 'usd', quantity: 1, customPrice: 5 }).unitAmount).toBe(500);
    expect(priceCheckout(pwyw, { currency: 'usd', quantity: 1, customPrice: 100 }).unitAmount).toBe(10000);
  });
});

describe('discounts that apply', () => {
  it('gives a percentage for any product and currency', () => {
    expect(applyDiscount(percent10, { productId: fixed.id, currency: 'eur', now })).toEqual({
      type: 'percent',
      percentOffHundredths: 1000,
    });
  });

  it('gives a fixed amount in its own currency, for its product, before expiry, with redemptions left', () => {
    const rule: DiscountRule = {
      ...percent10,
      type: 'fixed_amount',
      percentOffHundredths: null,
      amountOff: 300,
      currency: 'usd',
      productId: fixed.id,
      expiresAt: new Date(now.getTime() + 1000),
      maxRedemptions: 3,
      timesRedeemed: 2,
    };
    expect(applyDiscount(rule, { productId: fixed.id, currency: 'usd', now })).toEqual({
      type: 'fixed_amount',
      amountOff: 300,
      currency: 'usd',
    });
  });
});

describe('checkout status', () => {
  it('reads an open session past its expiry as expired', () => {
    expect(effectiveStatus('open', new Date(now.getTime() - 1), now)).toBe('expired');
    expect(effectiveStatus('open', new Date(now.getTime() + 1), now)).toBe('open');
    expect(effectiveStatus('completed', new Date(now.getTime() - 1), now)).toBe('completed');
  });
});
