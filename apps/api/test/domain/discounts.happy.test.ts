import { describe, expect, it } from 'vitest';
import { percentToHundredths } from '../../src/domain/discounts';

describe('discounts: a percentage with at most 2 decimals is exact hundredths', () => {
  it.each([
    [1, 100],
    [0.07, 7],
    [12.75, 1275],
    [33.33, 3333],
    [57.99, 5799],
    [100, 10000],
  ])('%s percent → %s hundredths', (percent, hundredths) => {
    expect(percentToHundredths(percent)).toBe(hundredths);
  });
});
