import type { OrderStatus, RefundReason, RefundStatus } from '../generated/schemas';
import { DomainError } from './failure';
import { toMajorUnits, toMinorUnits } from './money';

/** From the spec: an order's status, why a refund was made, and where its settlement stands. */
export type { OrderStatus, RefundReason, RefundStatus };

/** An order's status follows from what it was paid and what was refunded of it. */
export function orderStatus(order: { total: number; amountRefunded: number }): OrderStatus {
  if (order.amountRefunded === 0) return 'paid';
  return order.amountRefunded >= order.total ? 'refunded' : 'partially_refunded';
}

/**
 * The amount (minor units) a refund of `order` takes: `requested` (major units, as on the wire) or, without it, all
 * that is left. Refuses a zero amount, more than is left, and an order with nothing left to refund.
 */
export function refundAmount(
  order: { id: string; currency: string; total: number; amountRefunded: number },
  requested: number | undefined,
): number {
  const remaining = order.total - order.amountRefunded;
  if (remaining <= 0) {
    throw new DomainError(
      'order_not_refundable',
      `Order ${order.id} has nothing left to refund (status ${order.total === 0 ? 'paid, total 0' : orderStatus(order)}).`,
    );
  }
  if (requested === undefined) return remaining;
  const amount = toMinorUnits(requested, order.currency, ['amount']);
  if (amount === 0) {
    throw new DomainError('refund_amount_invalid', 'A refund must be more than 0.', {
      path: ['amount'],
      detail: 'Must be more than 0.',
    });
  }
  if (amount > remaining) {
    const left = toMajorUnits(remaining, order.currency);
    throw new DomainError(
      'refund_exceeds_remaining',
      `Order ${order.id} has ${left} ${order.currency} left to refund; ${requested} is more.`,
      { path: ['amount'], detail: `At most ${left}.` },
    );
  }
  return amount;
}
