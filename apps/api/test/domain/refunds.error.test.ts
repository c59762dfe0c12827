import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/failure';
import { refundAmount } from '../../src/domain/refunds';

const order = (total: number, amountRefunded = 0, currency = 'usd') => ({
  id: 'ord_X',
  currency,
  total,
  amountRefunded,
});

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('refundAmount refuses', () => {
  it('0 (refund_amount_invalid), at /amount', () => {
    const error = refusal(() => refundAmount(order(3998), 0));
    expect([error.reason, error.field?.path]).toEqual(['refund_amount_invalid', ['amount']]);
  });

  it('one minor unit more than is left (refund_exceeds_remaining), saying what is left', () => {
    const error = refusal(() => refundAmount(order(3998, 1000), 29.99));
    expect([error.reason, error.field?.detail]).toEqual(['refund_exceeds_remaining', 'At most 29.98.']);
  });

  it('anything once nothing is left, or on a free order (order_not_refundable), before looking at the amount', () => {
    for (const [o, requested] of [
      [order(3998, 3998), undefined],
      [order(3998, 3998), 0],
      [order(0), 1],
      [order(0), undefined],
    ] as const) {
      expect(refusal(() => refundAmount(o, requested)).reason).toBe('order_not_refundable');
    }
  });

  it('more decimals than the currency has (amount_precision_exceeded)', () => {
    expect(refusal(() => refundAmount(order(3998), 0.001)).reason).toBe('amount_precision_exceeded');
    expect(refusal(() => refundAmount(order(1500, 0, 'jpy'), 0.5)).reason).toBe('amount_precision_exceeded');
  });
});
