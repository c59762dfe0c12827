import { toMajorUnits } from '../domain/money';
import type { Refund } from '../generated/schemas';
import type { RefundRecord } from '../store/refunds';

export function refundOnWire(refund: RefundRecord): Refund {
  return {
    id: refund.id,
    object: 'refund',
    mode: refund.mode,
    order_id: refund.orderId,
    amount: toMajorUnits(refund.amount, refund.currency),
    currency: refund.currency,
    reason: refund.reason,
    note: refund.note,
    status: refund.status,
    created_at: refund.createdAt.toISOString(),
  };
}
