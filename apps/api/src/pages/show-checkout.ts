import { toMajorUnits } from '../domain/money';
import { checkoutUrl } from '../wire/checkout-session';
import { type CheckoutContext, formToken, loadCheckout, priceChoice } from './checkout-context';
import { checkoutPage, type CheckoutView } from './checkout-page';
import { formatAmountInput } from './format';
import { closedCheckoutPage, type PageContext, redirectOrigin, sendPage } from './respond';
import { liveUnavailablePage, notFoundPage } from './status-pages';

/** GET /checkout/{mode}/{productId}?checkout_id=… — the payment form, or the page for the session's state. */
export async function showCheckout(c: PageContext): Promise<Response> {
  const ctx = await loadCheckout(c.get('deps'), {
    mode: c.req.param('mode') ?? '',
    productId: c.req.param('productId') ?? '',
    checkoutId: c.req.query('checkout_id'),
  });
  if (!ctx) return sendPage(c, notFoundPage(), 404);
  if (ctx.status !== 'open') return closedCheckoutPage(c, ctx);
  if (ctx.session.mode === 'live') return sendPage(c, liveUnavailablePage(ctx), 200);
  return sendPage(c, await openCheckoutPage(c, ctx), 200, redirectOrigin(ctx));
}

/** The form for the session as stored, re-priced now (a discount may have expired since the session was created). */
async function openCheckoutPage(c: PageContext, ctx: CheckoutContext) {
  const { session, product } = ctx;
  const customPrice =
    product.pricingType === 'pay_what_you_want' ? toMajorUnits(session.unitAmount, session.currency) : undefined;
  const priced = await priceChoice(
    c.get('deps').db,
    ctx,
    {
      quantity: session.quantity,
      customPrice,
      discountCode: session.discountCode,
      customerEmail: session.customerEmail,
    },
    c.get('deps').clock.now(),
  );
  const view: CheckoutView = {
    ctx,
    action: checkoutUrl('', session),
    token: formToken(session),
    values: {
      email: session.customerEmail ?? '',
      quantity: String(session.quantity),
      customPrice: formatAmountInput(session.unitAmount, session.currency),
      discountCode: session.discountCode ?? '',
      cardName: '',
      cardExpiry: '',
    },
    totals: priced.fields,
    errors: priced.errors,
    ...(priced.general ? { alert: { kind: 'error' as const, text: priced.general } } : {}),
  };
  return checkoutPage(view);
}
