import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/failure';
import { toMinorUnits } from '../../src/domain/money';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('money: precision beyond the currency is rejected', () => {
  it.each([
    [15.001, 'usd'],
    [0.5, 'jpy'],
    [1e-7, 'usd'],
  ])('%s %s → amount_precision_exceeded', (amount, currency) => {
    expect(codeOf(() => toMinorUnits(amount, currency, ['customPrice']))).toBe('amount_precision_exceeded');
  });

  it('names the input field it concerns', () => {
    try {
      toMinorUnits(1.234, 'eur', ['prices', 0, 'amount']);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).field?.path).toEqual(['prices', 0, 'amount']);
    }
  });
});
