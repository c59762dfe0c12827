import { html } from 'hono/html';
import { successUrlFor } from '../domain/checkout';
import { orderStatus } from '../domain/refunds';
import type { OrderRecord } from '../store/orders';
import type { CheckoutContext } from './checkout-context';
import { formatMoney } from './format';
import { layout, type Html } from './layout';

/** Where to send the customer after paying: the product's redirect_url with the checkout and order ids appended. */
export function merchantReturnUrl(redirectUrl: string, checkoutId: string, orderId: string): string {
  const url = new URL(redirectUrl);
  url.searchParams.set('checkout_id', checkoutId);
  url.searchParams.set('order_id', orderId);
  return url.href;
}

/**
 * Where the customer goes once paid: the session's own `successUrl` (placeholders replaced), else the product's
 * `redirect_url` (ids appended), else nowhere (null: the receipt page).
 */
export function returnUrlAfterPayment(ctx: CheckoutContext, orderId: string): string | null {
  const { session, product } = ctx;
  if (session.successUrl) return successUrlFor(session.successUrl, { checkoutId: session.id, orderId });
  return product.redirectUrl ? merchantReturnUrl(product.redirectUrl, session.id, orderId) : null;
}

export function receiptPage(ctx: CheckoutContext, order: OrderRecord | null): Html {
  const { product, session } = ctx;
  const money = (minor: number) => formatMoney(minor, session.currency);
  const paid = order ?? {
    id: session.orderId ?? '',
    quantity: session.quantity,
    unitAmount: session.unitAmount,
    subtotal: session.subtotal,
    discountCode: session.discountCode,
    discountAmount: session.discountAmount,
    total: session.total,
    amountRefunded: 0,
    customerEmail: session.customerEmail ?? '',
    createdAt: session.completedAt ?? session.createdAt,
  };
  const status = orderStatus(paid);
  const heading = status === 'refunded' ? 'Payment refunded' : 'Payment received';
  const returnUrl = paid.id ? returnUrlAfterPayment(ctx, paid.id) : null;
  const body = html`<section class="card narrow" aria-labelledby="receipt-heading">
  <div class="status-icon status-ok" aria-hidden="true">✓</div>
  <h1 id="receipt-heading">${heading}</h1>
  <p class="description">Thank you! This checkout is paid — you will not be charged again. A receipt goes to
    <strong id="receipt-email">${paid.customerEmail}</strong>.</p>
  <dl class="totals" aria-label="Receipt">
    <dt>Order</dt><dd id="order-id">${paid.id}</dd>
    <dt>Product</dt><dd>${product.name}</dd>
    <dt>Paid on</dt><dd>${paid.createdAt.toISOString().slice(0, 10)}</dd>
    <dt>Subtotal (${paid.quantity} × ${money(paid.unitAmount)})</dt><dd>${money(paid.subtotal)}</dd>
    ${
      paid.discountAmount > 0
        ? html`<dt>Discount${paid.discountCode ? html` (${paid.discountCode})` : ''}</dt><dd>−${money(paid.discountAmount)}</dd>`
        : ''
    }
    <dt class="grand">Total paid</dt><dd class="grand" id="total-paid">${money(paid.total)}</dd>
    ${
      status === 'paid'
        ? ''
        : html`<dt>${status === 'refunded' ? 'Refunded' : 'Partially refunded'}</dt><dd id="amount-refunded">${money(paid.amountRefunded)}</dd>`
    }
  </dl>
  ${
    status === 'paid'
      ? ''
      : html`<p class="description" id="refund-status" role="status">${
          status === 'refunded'
            ? html`This order was refunded in full: ${money(paid.amountRefunded)} is on its way back to you.`
            : html`${money(paid.amountRefunded)} of this order was refunded to you.`
        }</p>`
  }
  ${returnUrl ? html`<a class="button-link" href="${returnUrl}">Continue to the seller</a>` : ''}
</section>`;
  return layout({ title: heading, mode: session.mode, body });
}
