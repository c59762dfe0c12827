import { describe, expect, it } from 'vitest';
import { toMajorUnits, toMinorUnits } from '../../src/domain/money';
import { computeTotals } from '../../src/domain/pricing';

describe('money: wire amounts ↔ minor units', () => {
  it.each([
    [15, 'usd', 1500],
    [19.99, 'usd', 1999],
    [0.1, 'usd', 10],
    [0.29, 'usd', 29],
    [1000000, 'usd', 100000000],
    [1200, 'jpy', 1200],
    [0, 'eur', 0],
  ])('%s %s is %s minor units and back', (major, currency, minor) => {
    expect(toMinorUnits(major, currency, ['x'])).toBe(minor);
    expect(toMajorUnits(minor, currency)).toBe(major);
  });

  it('round-trips every cent value of a dollar range exactly', () => {
    for (let minor = 0; minor <= 100_000; minor += 7) {
      expect(toMinorUnits(toMajorUnits(minor, 'usd'), 'usd', ['x'])).toBe(minor);
    }
  });
});

describe('pricing: totals in minor units', () => {
  it('multiplies unit by quantity without discount', () => {
    expect(computeTotals(1999, 3, null)).toEqual({ subtotal: 5997, discountAmount: 0, total: 5997 });
  });

  it('rounds a percentage half up to the minor unit', () => {
    // 10 % of 5997 = 599.7 → 600
    expect(computeTotals(1999, 3, { type: 'percent', percentOffHundredths: 1000 })).toEqual({
      subtotal: 5997,
      discountAmount: 600,
      total: 5397,
    });
    // 12.5 % of 1000 = 125 exactly
    expect(computeTotals(1000, 1, { type: 'percent', percentOffHundredths: 1250 }).discountAmount).toBe(125);
  });

  it('never goes below zero with a fixed amount larger than the subtotal', () => {
    expect(computeTotals(500, 1, { type: 'fixed_amount', amountOff: 2000, currency: 'usd' })).toEqual({
      subtotal: 500,
      discountAmount: 500,
      total: 0,
    });
  });

  it('takes 100 % off to exactly zero', () => {
    expect(computeTotals(1999, 7, { type: 'percent', percentOffHundredths: 10000 }).total).toBe(0);
  });
});
