import { randomId } from '../domain/ids';
import { crashPoint } from '../faults';
import { orderStatus, refundAmount, type RefundReason } from '../domain/refunds';
import type { Scope } from '../domain/scope';
import type { AppDeps } from '../deps';
import { insertEvent } from '../store/events';
import { findOrder, type OrderRecord } from '../store/orders';
import { insertRefund, type RefundRecord } from '../store/refunds';
import { orderOnWire } from '../wire/order';
import { refundOnWire } from '../wire/refund';

export interface RefundRequest {
  /** Major units, as on the wire; undefined: all that is left. */
  amount: number | undefined;
  reason: RefundReason | null;
  note: string | null;
}

/**
 * Refunds an order in one transaction: the order row is locked (concurrent refunds of it wait their turn, then see
 * what the first left), the refund is written and added to `amount_refunded`, and `refund.created` — plus
 * `order.refunded` when nothing is left — go to the outbox with them. Test mode settles at once (`succeeded`);
 * live settlement will start `pending`. The discount redemption of the order is left counted. Null: no such order.
 */
export async function refundOrder(
  deps: AppDeps,
  scope: Scope,
  orderId: string,
  request: RefundRequest,
): Promise<{ refund: RefundRecord; order: OrderRecord } | null> {
  const { db, clock } = deps;
  return db.transaction(async (tx) => {
    const now = clock.now();
    const order = await findOrder(tx, scope, orderId, { forUpdate: true });
    if (!order) return null;
    const amount = refundAmount(order, request.amount);
    const refund = await insertRefund(
      tx,
      scope,
      {
        id: randomId('re'),
        orderId: order.id,
        amount,
        currency: order.currency,
        reason: request.reason,
        note: request.note,
        status: 'succeeded',
      },
      now,
    );
    crashPoint('refund.create:after-write');
    const refunded: OrderRecord = { ...order, amountRefunded: order.amountRefunded + amount };
    await insertEvent(tx, scope, { id: randomId('evt'), type: 'refund.created', object: refundOnWire(refund) }, now);
    if (orderStatus(refunded) === 'refunded') {
      await insertEvent(tx, scope, { id: randomId('evt'), type: 'order.refunded', object: orderOnWire(refunded) }, now);
    }
    return { refund, order: refunded };
  });
}
