import { effectiveStatus } from '../domain/checkout';
import { toMajorUnits } from '../domain/money';
import type { CheckoutSession, CheckoutSessionCreated } from '../generated/schemas';
import type { CheckoutSessionRecord } from '../store/checkout-sessions';

/** `$PUBLIC_URL/checkout/{mode}/{productId}?checkout_id={id}`: the hosted page for this session. */
export function checkoutUrl(
  publicUrl: string,
  session: Pick<CheckoutSessionRecord, 'id' | 'mode' | 'productId'>,
): string {
  return `${publicUrl}/checkout/${session.mode}/${encodeURIComponent(session.productId)}?checkout_id=${session.id}`;
}

export function checkoutSessionCreated(
  publicUrl: string,
  session: Pick<CheckoutSessionRecord, 'id' | 'sessionId' | 'mode' | 'productId'>,
): CheckoutSessionCreated {
  return { id: session.id, session_id: session.sessionId, checkout_url: checkoutUrl(publicUrl, session) };
}

export function checkoutSessionOnWire(publicUrl: string, session: CheckoutSessionRecord, now: Date): CheckoutSession {
  const { currency } = session;
  return {
    id: session.id,
    object: 'checkout_session',
    session_id: session.sessionId,
    mode: session.mode,
    status: effectiveStatus(session.status, session.expiresAt, now),
    product_id: session.productId,
    currency: session.currency,
    quantity: session.quantity,
    unit_amount: toMajorUnits(session.unitAmount, currency),
    subtotal: toMajorUnits(session.subtotal, currency),
    discount_code: session.discountCode,
    discount_amount: toMajorUnits(session.discountAmount, currency),
    total: toMajorUnits(session.total, currency),
    customer_email: session.customerEmail,
    custom_fields: session.customFields,
    checkout_data: session.checkoutData,
    aff: session.aff,
    checkout_url: checkoutUrl(publicUrl, session),
    expires_at: session.expiresAt.toISOString(),
    created_at: session.createdAt.toISOString(),
    completed_at: session.completedAt?.toISOString() ?? null,
    order_id: session.orderId,
    payment_locked_until: session.paymentLockedUntil?.toISOString() ?? null,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
  };
}
