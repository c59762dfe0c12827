import { toMajorUnits } from '../domain/money';
import { orderStatus } from '../domain/refunds';
import type { Order } from '../generated/schemas';
import type { OrderRecord } from '../store/orders';

export function orderOnWire(order: OrderRecord): Order {
  const major = (minor: number) => toMajorUnits(minor, order.currency);
  return {
    id: order.id,
    object: 'order',
    mode: order.mode,
    checkout_id: order.checkoutId,
    session_id: order.sessionId,
    product_id: order.productId,
    currency: order.currency,
    quantity: order.quantity,
    unit_amount: major(order.unitAmount),
    subtotal: major(order.subtotal),
    discount_code: order.discountCode,
    discount_amount: major(order.discountAmount),
    total: major(order.total),
    amount_refunded: major(order.amountRefunded),
    status: orderStatus(order),
    customer_email: order.customerEmail,
    custom_fields: order.customFields,
    checkout_data: order.checkoutData,
    aff: order.aff,
    created_at: order.createdAt.toISOString(),
  };
}
