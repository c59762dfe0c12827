import { describe, expect, it } from 'vitest';
import { percentToHundredths } from '../../src/domain/discounts';

describe('discounts: a percentage with more than 2 decimals has no hundredths', () => {
  it.each([12.345, 12.3400000001, 50.000000001, 1.005, 1e-7])('%s → null', (percent) => {
    expect(percentToHundredths(percent)).toBeNull();
  });
});
