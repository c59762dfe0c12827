import { describe, expect, it } from 'vitest';
import { orderStatus, refundAmount } from '../../src/domain/refunds';

const order = (total: number, amountRefunded = 0) => ({ id: 'ord_X', currency: 'usd', total, amountRefunded });

describe('orderStatus', () => {
  it('paid with nothing refunded, partially_refunded in between, refunded at the total', () => {
    expect(orderStatus(order(3998))).toBe('paid');
    expect(orderStatus(order(3998, 1))).toBe('partially_refunded');
    expect(orderStatus(order(3998, 3997))).toBe('partially_refunded');
    expect(orderStatus(order(3998, 3998))).toBe('refunded');
    // A free order was never paid anything: it stays paid (and cannot be refunded).
    expect(orderStatus(order(0))).toBe('paid');
  });
});

describe('refundAmount', () => {
  it('takes the requested major units as exact minor units, or all that is left', () => {
    expect(refundAmount(order(3998), 10)).toBe(1000);
    expect(refundAmount(order(3998), 0.29)).toBe(29);
    expect(refundAmount(order(3998, 1000), undefined)).toBe(2998);
    expect(refundAmount(order(3998, 1000), 29.98)).toBe(2998);
    expect(refundAmount({ ...order(1500), currency: 'jpy' }, 1500)).toBe(1500);
  });
});
