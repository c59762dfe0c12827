import { DomainError } from '../domain/failure';
import { CheckoutSessionCreateRequest } from '../generated/schemas';
import { unstorable } from '../http/strings';
import { completeCheckout } from '../services/complete-checkout';
import { updateOpenCheckoutSession } from '../store/checkout-sessions';
import { checkoutUrl } from '../wire/checkout-session';
import { chargeTestCard, checkCard } from './card';
import { type CardTestingGuard, paymentAttemptsExceeded } from './card-testing';
import {
  type CheckoutContext,
  type FieldErrors,
  formToken,
  loadCheckout,
  priceChoice,
  sameConfiguration,
  validFormToken,
} from './checkout-context';
import { checkoutPage, errorSummary, type FormValues } from './checkout-page';
import { formatMoney } from './format';
import { pageSecurityHeaders } from './layout';
import { returnUrlAfterPayment } from './receipt-page';
import { closedCheckoutPage, type PageContext, redirectOrigin, sendPage } from './respond';
import { forbiddenPage, liveUnavailablePage, notFoundPage } from './status-pages';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Every field of the form we read (customPrice only on pay-what-you-want), checked with the API's string rule. */
const textFields = ['email', 'quantity', 'discountCode', 'cardNumber', 'cardExpiry', 'cardCvc', 'cardName'] as const;
const unacceptableText =
  'This contains a character we cannot accept (such as an invisible control character). Retype it and try again.';

/** The form accepts what the API's create request accepts: its limits are read from the generated schema. */
const limits = (() => {
  const { quantity, customPrice, discountCode, customerEmail } = CheckoutSessionCreateRequest.shape;
  const bound = (value: number | null, what: string): number => {
    if (value === null) throw new Error(`CheckoutSessionCreateRequest: ${what} has no bound in the spec`);
    return value;
  };
  return {
    quantity: {
      min: bound(quantity.unwrap().minValue, 'quantity'),
      max: bound(quantity.unwrap().maxValue, 'quantity'),
    },
    customPrice: { max: bound(customPrice.unwrap().maxValue, 'customPrice') },
    discountCode: { maxLength: bound(discountCode.unwrap().maxLength, 'discountCode') },
    email: { maxLength: bound(customerEmail.unwrap().maxLength, 'customerEmail') },
  };
})();
/** Digits the whole part may have: a longer one is no amount the form offers to read. */
const digitsOf = (max: number) => String(Math.trunc(max)).length;
const quantityPattern = new RegExp(`^\\d{1,${digitsOf(limits.quantity.max)}}$`);
const customPricePattern = new RegExp(`^\\d{1,${digitsOf(limits.customPrice.max)}}(\\.\\d+)?$`);

/**
 * Cross-site check for the form POST. Browsers send `Sec-Fetch-Site`; our own form posts `same-origin` (or `none`
 * when typed/bookmarked). `Origin` is not compared: under `Referrer-Policy: no-referrer` browsers send `Origin: null`
 * for form POSTs, so it cannot tell our page from any other.
 */
function crossSite(c: PageContext): boolean {
  const site = c.req.header('sec-fetch-site');
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

interface ParsedForm {
  values: FormValues;
  errors: FieldErrors;
  email: string;
  quantity: number | undefined;
  customPrice: number | undefined;
  discountCode: string | null;
  card: { number: string; expiry: string; cvc: string; name: string };
}

function parseForm(form: Record<string, unknown>, pwyw: boolean): ParsedForm {
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const errors: FieldErrors = {};
  const values: FormValues = {
    email: text('email').trim(),
    quantity: text('quantity').trim(),
    customPrice: text('customPrice').trim(),
    discountCode: text('discountCode').trim(),
    cardName: text('cardName').trim(),
    cardExpiry: text('cardExpiry').trim(),
  };

  if (values.email === '') errors.email = 'Enter your email address.';
  else if (values.email.length > limits.email.maxLength || !emailPattern.test(values.email))
    errors.email = 'Enter a valid email address, like name@example.com.';

  let quantity: number | undefined;
  const { min, max } = limits.quantity;
  if (quantityPattern.test(values.quantity) && Number(values.quantity) >= min && Number(values.quantity) <= max)
    quantity = Number(values.quantity);
  else errors.quantity = `Enter a whole number from ${min} to ${max}.`;

  let customPrice: number | undefined;
  if (pwyw) {
    const amount = values.customPrice.replace(/^[$€£¥]\s*/, '');
    if (amount === '') errors.customPrice = 'Enter the amount you want to pay.';
    else if (!customPricePattern.test(amount)) errors.customPrice = 'Enter an amount like 15 or 15.00.';
    else if (Number(amount) > limits.customPrice.max) errors.customPrice = 'That amount is too large.';
    else customPrice = Number(amount);
  }

  if (values.discountCode.length > limits.discountCode.maxLength)
    errors.discountCode = `Discount codes are at most ${limits.discountCode.maxLength} characters.`;

  // Last, so it wins over the format messages: such a value must never reach a lookup or the database.
  for (const name of pwyw ? [...textFields, 'customPrice' as const] : textFields) {
    if (!unstorable(text(name))) continue;
    errors[name] = unacceptableText;
    if (name in values) values[name as keyof FormValues] = ''; // not echoed back into the page
  }

  return {
    values,
    errors,
    email: values.email,
    quantity,
    customPrice,
    discountCode: values.discountCode === '' || errors.discountCode ? null : values.discountCode,
    card: { number: text('cardNumber'), expiry: values.cardExpiry, cvc: text('cardCvc'), name: values.cardName },
  };
}

/**
 * POST /checkout/{mode}/{productId}?checkout_id=… — test-mode payment. Re-prices what the customer chose with the
 * domain rules, stores it on the session, charges the test card, and completes the checkout in one transaction.
 * Success redirects (303) to the session's successUrl, the product's redirect_url, or back to this URL, which then
 * shows the receipt.
 */
export async function payCheckout(c: PageContext, cardTesting: CardTestingGuard): Promise<Response> {
  const deps = c.get('deps');
  const url = {
    mode: c.req.param('mode') ?? '',
    productId: c.req.param('productId') ?? '',
    checkoutId: c.req.query('checkout_id'),
  };
  let ctx = await loadCheckout(deps, url);
  if (!ctx) return sendPage(c, notFoundPage(), 404);
  if (ctx.status !== 'open') return closedCheckoutPage(c, ctx);
  if (ctx.session.mode === 'live') return sendPage(c, liveUnavailablePage(ctx), 403);

  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    return sendPage(c, forbiddenPage(), 400); // not a form at all (a broken multipart body)
  }
  const token = typeof form._token === 'string' ? form._token : '';
  if (crossSite(c) || !validFormToken(ctx.session, token)) return sendPage(c, forbiddenPage(), 403);

  const now = deps.clock.now();
  const parsed = parseForm(form, ctx.product.pricingType === 'pay_what_you_want');
  const priced = await priceChoice(
    deps.db,
    ctx,
    {
      quantity: parsed.quantity ?? ctx.session.quantity,
      customPrice: parsed.customPrice,
      discountCode: parsed.discountCode,
      customerEmail: parsed.errors.email ? ctx.session.customerEmail : parsed.email,
    },
    now,
  );
  const card = checkCard(parsed.card, now);
  // Errors found while parsing a field win over the domain's view of the fallback value and over the card checks.
  const errors: FieldErrors = { ...priced.errors, ...parsed.errors, ...(card.ok ? {} : card.errors) };
  Object.assign(errors, parsed.errors);
  const render = (
    current: CheckoutContext,
    status: 200 | 402 | 422 | 429,
    alert: { kind: 'error' | 'info'; text: string } | undefined,
    fieldErrors: FieldErrors,
  ) =>
    sendPage(
      c,
      checkoutPage({
        ctx: current,
        action: checkoutUrl('', current.session),
        token: formToken(current.session),
        values: parsed.values,
        totals: priced.fields,
        errors: fieldErrors,
        ...(alert ? { alert } : {}),
      }),
      status,
      redirectOrigin(current),
    );

  const refused = await cardTesting.refusal(c, ctx, now);
  if (refused) {
    const text =
      `Too many payment attempts failed. For your security, payment is paused until ` +
      `${refused.until.toISOString().slice(0, 16).replace('T', ' ')} UTC. Nothing was charged. ` +
      `(${paymentAttemptsExceeded})`;
    return render(ctx, 429, { kind: 'error', text }, {});
  }
  if (priced.general) return render(ctx, 422, { kind: 'error', text: priced.general }, errors);
  // Card details that cannot be a card are a failed attempt too: card testers try numbers, not only cards.
  if (!card.ok) await cardTesting.failed(c, ctx, now);
  const summary = errorSummary(errors);
  if (summary || !card.ok)
    return render(ctx, 422, { kind: 'error', text: summary ?? 'Please check your card details.' }, errors);

  if (!sameConfiguration(ctx.session, priced.fields)) {
    const updated = await updateOpenCheckoutSession(deps.db, ctx.scope, ctx.session.id, priced.fields, now);
    if (!updated) return reloadClosed(c, url);
    ctx = { ...ctx, session: updated };
  }
  // The customer confirms the exact amount: a total they have not seen yet is shown first, never charged.
  if (String(priced.fields.total) !== form.expectedTotal) {
    const total = formatMoney(priced.fields.total, priced.fields.currency);
    return render(
      ctx,
      200,
      { kind: 'info', text: `Your total is now ${total}. Check it, enter your card details again and pay.` },
      {},
    );
  }

  const charge = chargeTestCard(card.number);
  if (!charge.paid) await cardTesting.failed(c, ctx, now);
  if (!charge.paid)
    return render(ctx, 402, { kind: 'error', text: charge.reason }, { cardNumber: 'This card was declined.' });

  let orderId: string;
  try {
    orderId = (await completeCheckout(deps, ctx.scope, ctx.session.id, { customerEmail: parsed.email })).order.id;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.reason === 'checkout_not_open' || error.reason === 'checkout_not_found') return reloadClosed(c, url);
    if (error.field?.path[0] !== 'discountCode') throw error;
    return render(
      ctx,
      422,
      { kind: 'error', text: `${error.detail} Nothing was charged.` },
      { discountCode: error.detail },
    );
  }

  const location = returnUrlAfterPayment(ctx, orderId) ?? checkoutUrl('', ctx.session);
  for (const [name, value] of Object.entries(pageSecurityHeaders())) c.header(name, value);
  return c.redirect(location, 303);
}

/** The session closed while this request ran (a double submit, or expiry): show what it is now. */
async function reloadClosed(c: PageContext, url: Parameters<typeof loadCheckout>[1]): Promise<Response> {
  const ctx = await loadCheckout(c.get('deps'), url);
  if (!ctx) return sendPage(c, notFoundPage(), 404);
  return closedCheckoutPage(c, ctx.status === 'open' ? { ...ctx, status: 'expired' } : ctx);
}
