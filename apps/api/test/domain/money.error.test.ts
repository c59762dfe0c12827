import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors';
import { toMinorUnits } from '../../src/domain/money';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
  return undefined;
}

describe('money: precision beyond the currency is rejected', () => {
  it.each([
    [15.001, 'usd'],
    [0.5, 'jpy'],
    [1e-7, 'usd'],
  ])('%s %s → 400 amount_precision_exceeded', (amount, currency) => {
    expect(codeOf(() => toMinorUnits(amount, currency, '/body/customPrice'))).toBe('400 amount_precision_exceeded');
  });

  it('names the field in the error pointer', () => {
    try {
      toMinorUnits(1.234, 'eur', '/body/prices/0/amount');
      expect.unreachable();
    } catch (error) {
      expect((error as ApiError).errors?.[0]?.pointer).toBe('/body/prices/0/amount');
    }
  });
});
