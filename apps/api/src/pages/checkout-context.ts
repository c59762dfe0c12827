import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../deps';
import { type CheckoutStatus, effectiveStatus } from '../domain/checkout';
import type { DomainError } from '../domain/failure';
import type { Mode, Scope } from '../domain/scope';
import { priceCheckoutChoice } from '../services/price-checkout';
import {
  type CheckoutSessionFields,
  type CheckoutSessionRecord,
  findCheckoutSessionById,
} from '../store/checkout-sessions';
import type { Db } from '../store/db';
import { findDiscountByCode } from '../store/discounts';
import { findProduct, type ProductRecord } from '../store/products';
import { formatMoney } from './format';

export type FieldName =
  'email' | 'quantity' | 'customPrice' | 'discountCode' | 'cardNumber' | 'cardExpiry' | 'cardCvc' | 'cardName';

export type FieldErrors = Partial<Record<FieldName, string>>;

export interface CheckoutContext {
  scope: Scope;
  session: CheckoutSessionRecord;
  product: ProductRecord;
  status: CheckoutStatus;
}

/**
 * The session behind a page URL, or null when anything in the URL does not match it: unknown id, another product,
 * another mode. All three answer the same 404 so the page reveals nothing about ids it was not given.
 */
export async function loadCheckout(
  deps: AppDeps,
  url: { mode: string; productId: string; checkoutId: string | undefined },
): Promise<CheckoutContext | null> {
  if (url.mode !== 'test' && url.mode !== 'live') return null;
  if (!url.checkoutId) return null;
  const found = await findCheckoutSessionById(deps.db, url.checkoutId);
  if (!found || found.mode !== url.mode || found.productId !== url.productId) return null;
  const { accountId, ...session } = found;
  const scope: Scope = { accountId, mode: url.mode as Mode };
  const product = await findProduct(deps.db, scope, session.productId);
  if (!product) return null;
  return { scope, session, product, status: effectiveStatus(session.status, session.expiresAt, deps.clock.now()) };
}

/** What the customer can change on the page. */
export interface Choice {
  quantity: number;
  /** Major units, as typed (pay-what-you-want only). */
  customPrice: number | undefined;
  discountCode: string | null;
  customerEmail: string | null;
}

export interface Priced {
  fields: CheckoutSessionFields;
  /** Field errors from the domain rules; when present `fields` is only good for display. */
  errors: FieldErrors;
  /** A problem that is no field's fault (the product stopped selling in this currency). */
  general?: string;
}

/**
 * Prices a choice with the API's own pricing pipeline (`priceCheckoutChoice`), so the page can never show or charge
 * an amount the API would not. The rules' refusals come back as field errors, not exceptions.
 */
export async function priceChoice(db: Db, ctx: CheckoutContext, choice: Choice, now: Date): Promise<Priced> {
  const { session, product, scope } = ctx;
  const { price, failures } = await priceCheckoutChoice(
    product,
    {
      currency: session.currency,
      quantity: choice.quantity,
      customPrice: choice.customPrice,
      discountCode: choice.discountCode,
    },
    // Looked up fresh, not through the API's cache: this price is about to be charged.
    (key) => findDiscountByCode(db, scope, key),
    now,
    session.unitAmount,
  );
  const errors: FieldErrors = {};
  let general: string | undefined;
  for (const failure of failures) {
    const message = formMessage(failure, ctx);
    if (message.field) errors[message.field] ??= message.text;
    else general ??= message.text;
  }
  return {
    fields: {
      ...price,
      customerEmail: choice.customerEmail,
      customFields: session.customFields,
      checkoutData: session.checkoutData,
      aff: session.aff,
    },
    errors,
    ...(general ? { general } : {}),
  };
}

/**
 * A domain refusal as the page says it: on the form field it concerns, in the buyer's words. A refusal of no field
 * the buyer can change (the product stopped selling in the session's currency) is the page's general message.
 */
function formMessage(failure: DomainError, ctx: CheckoutContext): { field?: FieldName; text: string } {
  const { currency } = ctx.session;
  const price = ctx.product.prices.find((p) => p.currency === currency);
  const money = (minor: number | null | undefined) => formatMoney(minor ?? 0, currency);
  switch (failure.reason) {
    case 'custom_price_below_minimum':
      return { field: 'customPrice', text: `Enter at least ${money(price?.minimumAmount)}.` };
    case 'custom_price_above_maximum':
      return { field: 'customPrice', text: `Enter at most ${money(price?.maximumAmount)}.` };
    case 'amount_precision_exceeded':
      return { field: 'customPrice', text: failure.detail };
    case 'discount_not_found':
      return { field: 'discountCode', text: 'This discount code is not valid.' };
  }
  if (failure.field?.path[0] === 'discountCode') return { field: 'discountCode', text: failure.detail };
  return {
    text: `This product can no longer be bought in ${currency.toUpperCase()}. Please contact the seller.`,
  };
}

export function sameConfiguration(session: CheckoutSessionRecord, fields: CheckoutSessionFields): boolean {
  return (
    session.quantity === fields.quantity &&
    session.unitAmount === fields.unitAmount &&
    session.discountId === fields.discountId &&
    session.total === fields.total &&
    session.customerEmail === fields.customerEmail
  );
}

/**
 * The form token, tied to one checkout. Keyed with the session's `session_id`: random (CSPRNG), stored with the
 * session, never in the page URL or HTML, and the same on every replica — so no extra secret to configure or share.
 */
export function formToken(session: Pick<CheckoutSessionRecord, 'id' | 'sessionId'>): string {
  return createHmac('sha256', session.sessionId).update(`checkout-page-form:${session.id}`).digest('base64url');
}

export function validFormToken(session: Pick<CheckoutSessionRecord, 'id' | 'sessionId'>, presented: string): boolean {
  const expected = Buffer.from(formToken(session));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
