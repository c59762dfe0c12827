import { html } from 'hono/html';
import type { CheckoutSessionFields } from '../store/checkout-sessions';
import type { CheckoutContext, FieldErrors, FieldName } from './checkout-context';
import { formatMoney } from './format';
import { type Html, layout } from './layout';

/** What the form shows in its inputs. Card number and CVC are never echoed back into the page. */
export interface FormValues {
  email: string;
  quantity: string;
  customPrice: string;
  discountCode: string;
  cardName: string;
  cardExpiry: string;
}

export interface CheckoutView {
  ctx: CheckoutContext;
  action: string;
  token: string;
  values: FormValues;
  /** Totals to show: always computed on the server. */
  totals: CheckoutSessionFields;
  errors: FieldErrors;
  /** Shown above the form: a decline, a summary of the field errors, or a changed total to confirm. */
  alert?: { kind: 'error' | 'info'; text: string };
}

const lockIcon = html`<svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="currentColor"><path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z"/></svg>`;

const labels: Record<FieldName, string> = {
  email: 'Email',
  quantity: 'Quantity',
  customPrice: 'Your price',
  discountCode: 'Discount code',
  cardNumber: 'Card number',
  cardExpiry: 'Expiry (MM/YY)',
  cardCvc: 'Security code (CVC)',
  cardName: 'Name on card',
};

/** `aria-invalid` and `aria-describedby` for an input: its hint (if any) and its error (if any). */
function describedBy(name: FieldName, errors: FieldErrors, hintId?: string): Html {
  const ids = [hintId, errors[name] ? `${name}-error` : undefined].filter(Boolean).join(' ');
  return html`${errors[name] ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
}

function fieldError(name: FieldName, errors: FieldErrors): Html | '' {
  const message = errors[name];
  return message ? html`<p class="error" id="${name}-error">${message}</p>` : '';
}

/**
 * The way back for a customer who does not pay, when the merchant gave one (`cancelUrl`): named by its host, which
 * is where it really goes (the page has no other name for the merchant that the customer could check).
 */
export function backLink(ctx: CheckoutContext): Html | '' {
  const { cancelUrl } = ctx.session;
  if (!cancelUrl) return '';
  let host: string;
  try {
    host = new URL(cancelUrl).host;
  } catch {
    return '';
  }
  return html`<p class="back"><a id="cancel-link" href="${cancelUrl}" rel="noreferrer">← Back to ${host}</a></p>`;
}

export function productSummary(ctx: CheckoutContext, totals: CheckoutSessionFields): Html {
  const { product, session } = ctx;
  const money = (minor: number) => formatMoney(minor, session.currency);
  const customFields = Object.entries(session.customFields);
  return html`<section class="card summary" aria-labelledby="product-name">
  <h1 id="product-name">${product.name}</h1>
  ${product.description ? html`<p class="description">${product.description}</p>` : ''}
  <p class="price">${money(totals.unitAmount)}</p>
  <p class="hint">${product.pricingType === 'pay_what_you_want' ? 'Pay what you want' : 'One-time payment'}${
    totals.quantity > 1 ? html` · per item` : ''
  }</p>
  <dl class="totals" aria-label="Order total">
    <dt>Subtotal (${totals.quantity} × ${money(totals.unitAmount)})</dt><dd>${money(totals.subtotal)}</dd>
    ${
      totals.discountAmount > 0
        ? html`<dt>Discount${totals.discountCode ? html` (${totals.discountCode})` : ''}</dt><dd>−${money(totals.discountAmount)}</dd>`
        : ''
    }
    <dt class="grand">Total due</dt><dd class="grand" id="total-due">${money(totals.total)}</dd>
  </dl>
  ${
    customFields.length > 0
      ? html`<div class="fields-list"><h2>Order details</h2><dl>${customFields.map(
          ([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`,
        )}</dl></div>`
      : ''
  }
</section>`;
}

function priceInput(view: CheckoutView): Html | '' {
  const { product, session } = view.ctx;
  if (product.pricingType !== 'pay_what_you_want') return '';
  const price = product.prices.find((p) => p.currency === session.currency);
  const money = (minor: number) => formatMoney(minor, session.currency);
  const bounds = [
    price?.minimumAmount != null ? `minimum ${money(price.minimumAmount)}` : '',
    price?.suggestedAmount != null ? `suggested ${money(price.suggestedAmount)}` : '',
    price?.maximumAmount != null ? `maximum ${money(price.maximumAmount)}` : '',
  ].filter(Boolean);
  return html`<div class="field">
    <label for="customPrice">${labels.customPrice} (${session.currency.toUpperCase()})</label>
    <input id="customPrice" name="customPrice" type="text" inputmode="decimal" autocomplete="off" required
      value="${view.values.customPrice}"${describedBy('customPrice', view.errors, 'customPrice-hint')}>
    <p class="help" id="customPrice-hint">Choose any amount: ${bounds.join(', ')}.</p>
    ${fieldError('customPrice', view.errors)}
  </div>`;
}

export function checkoutPage(view: CheckoutView): Html {
  const { values, errors } = view;
  const body = html`${backLink(view.ctx)}<div class="grid">
${productSummary(view.ctx, view.totals)}
<section class="card" aria-labelledby="pay-heading">
  <h2 id="pay-heading" class="sr-only">Payment</h2>
  ${view.alert ? html`<div class="alert alert-${view.alert.kind}" role="alert" id="form-alert">${view.alert.text}</div>` : ''}
  <div class="test-cards">Test mode: pay with <code>4242 4242 4242 4242</code>, any future expiry and any CVC.
    <code>4000 0000 0000 0002</code> is declined.</div>
  <form method="post" action="${view.action}" novalidate>
    <input type="hidden" name="_token" value="${view.token}">
    <input type="hidden" name="expectedTotal" value="${view.totals.total}">
    <fieldset>
      <legend>Your order</legend>
      ${priceInput(view)}
      <div class="row">
        <div class="field">
          <label for="quantity">${labels.quantity}</label>
          <input id="quantity" name="quantity" type="number" inputmode="numeric" min="1" max="100" step="1" required
            value="${values.quantity}"${describedBy('quantity', errors)}>
          ${fieldError('quantity', errors)}
        </div>
        <div class="field">
          <label for="discountCode">${labels.discountCode} <span class="optional">(optional)</span></label>
          <input id="discountCode" name="discountCode" type="text" autocomplete="off" maxlength="40" autocapitalize="characters"
            value="${values.discountCode}"${describedBy('discountCode', errors)}>
          ${fieldError('discountCode', errors)}
        </div>
      </div>
      <div class="field">
        <label for="email">${labels.email}</label>
        <input id="email" name="email" type="email" autocomplete="email" maxlength="254" required
          value="${values.email}"${describedBy('email', errors, 'email-hint')}>
        <p class="help" id="email-hint">Your receipt and download link go here.</p>
        ${fieldError('email', errors)}
      </div>
    </fieldset>
    <fieldset>
      <legend>Card details</legend>
      <div class="field">
        <label for="cardNumber">${labels.cardNumber}</label>
        <input id="cardNumber" name="cardNumber" type="text" inputmode="numeric" autocomplete="cc-number" maxlength="23"
          placeholder="1234 1234 1234 1234" required${describedBy('cardNumber', errors)}>
        ${fieldError('cardNumber', errors)}
      </div>
      <div class="row">
        <div class="field">
          <label for="cardExpiry">${labels.cardExpiry}</label>
          <input id="cardExpiry" name="cardExpiry" type="text" inputmode="numeric" autocomplete="cc-exp" maxlength="7"
            placeholder="MM/YY" required value="${values.cardExpiry}"${describedBy('cardExpiry', errors)}>
          ${fieldError('cardExpiry', errors)}
        </div>
        <div class="field">
          <label for="cardCvc">${labels.cardCvc}</label>
          <input id="cardCvc" name="cardCvc" type="text" inputmode="numeric" autocomplete="cc-csc" maxlength="4"
            placeholder="123" required${describedBy('cardCvc', errors)}>
          ${fieldError('cardCvc', errors)}
        </div>
      </div>
      <div class="field">
        <label for="cardName">${labels.cardName}</label>
        <input id="cardName" name="cardName" type="text" autocomplete="cc-name" maxlength="200" required
          value="${values.cardName}"${describedBy('cardName', errors)}>
        ${fieldError('cardName', errors)}
      </div>
    </fieldset>
    <button type="submit">Pay ${formatMoney(view.totals.total, view.totals.currency)}</button>
    <p class="secure">${lockIcon} Changed the quantity, price or code? You will see the new total before
      you are charged.</p>
  </form>
</section>
</div>`;
  return layout({ title: `Pay for ${view.ctx.product.name}`, mode: view.ctx.session.mode, body });
}

export function errorSummary(errors: FieldErrors): string | undefined {
  const names = Object.keys(errors) as FieldName[];
  if (names.length === 0) return undefined;
  return `Please check: ${names.map((name) => labels[name]).join(', ')}.`;
}
