import { effectiveStatus } from '../domain/checkout';
import { discountRefusal } from '../domain/discounts';
import { DomainError } from '../domain/failure';
import { randomId } from '../domain/ids';
import type { AppDeps } from '../deps';
import {
  type CheckoutSessionRecord,
  findCheckoutSession,
  markCheckoutSessionCompleted,
} from '../store/checkout-sessions';
import { findDiscount, redeemDiscount } from '../store/discounts';
import { insertEvent } from '../store/events';
import { insertOrder, type OrderRecord } from '../store/orders';
import type { Scope } from '../domain/scope';
import { checkoutSessionOnWire } from '../wire/checkout-session';
import { orderOnWire } from '../wire/order';

/**
 * Completes a paid checkout session in one transaction: the session row is locked (a double submit waits, then finds
 * it completed), the discount redemption is counted with a guarded update (never past its limit, even under
 * concurrency), the order is written, and `checkout.completed` + `order.created` go to the outbox with them.
 */
export async function completeCheckout(
  deps: AppDeps,
  scope: Scope,
  checkoutId: string,
  payment: { customerEmail: string },
): Promise<{ session: CheckoutSessionRecord; order: OrderRecord }> {
  const { db, cache, clock, config } = deps;
  const result = await db.transaction(async (tx) => {
    const now = clock.now();
    const session = await findCheckoutSession(tx, scope, checkoutId, { forUpdate: true });
    if (!session) {
      throw new DomainError('checkout_not_found', `No checkout session "${checkoutId}" in this account and mode.`);
    }
    const status = effectiveStatus(session.status, session.expiresAt, now);
    if (status !== 'open') throw new DomainError('checkout_not_open', `Checkout ${session.id} is ${status}.`);

    if (session.discountId && !(await redeemDiscount(tx, scope, session.discountId, now))) {
      const discount = await findDiscount(tx, scope, session.discountId);
      // The guarded update failing means the code expired, was deactivated or ran out: say which.
      const use = { productId: session.productId, currency: session.currency, now };
      const detail = 'The discount code has reached its redemption limit.';
      throw (
        (discount && discountRefusal(discount, use)) ??
        new DomainError('discount_exhausted', detail, { path: ['discountCode'], detail })
      );
    }

    const order = await insertOrder(
      tx,
      scope,
      {
        id: randomId('ord'),
        checkoutId: session.id,
        productId: session.productId,
        currency: session.currency,
        quantity: session.quantity,
        unitAmount: session.unitAmount,
        subtotal: session.subtotal,
        discountId: session.discountId,
        discountCode: session.discountCode,
        discountAmount: session.discountAmount,
        total: session.total,
        customerEmail: payment.customerEmail,
        customFields: session.customFields,
        checkoutData: session.checkoutData,
        aff: session.aff,
      },
      now,
    );
    const completed = await markCheckoutSessionCompleted(tx, scope, session.id, {
      orderId: order.id,
      customerEmail: payment.customerEmail,
      now,
    });
    await insertEvent(
      tx,
      scope,
      {
        id: randomId('evt'),
        type: 'checkout.completed',
        object: checkoutSessionOnWire(config.publicUrl, completed, now),
      },
      now,
    );
    await insertEvent(tx, scope, { id: randomId('evt'), type: 'order.created', object: orderOnWire(order) }, now);
    return { session: completed, order };
  });
  // Its redemption count changed: this process reads it at once, other replicas on the trigger's notification.
  if (result.session.discountId) cache.invalidate(`discount:${result.session.discountId}`);
  return result;
}
