import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CheckoutStatus, effectiveStatus, priceCheckout } from '../domain/checkout';
import { applyDiscount, discountLookupKey } from '../domain/discounts';
import { computeTotals, type DiscountValue } from '../domain/pricing';
import { ApiError } from '../errors';
import type { AppDeps } from '../http/env';
import type { Mode } from '../store/accounts';
import {
  type CheckoutSessionFields,
  type CheckoutSessionRecord,
  findCheckoutSessionById,
} from '../store/checkout-sessions';
import type { Db } from '../store/db';
import { type DiscountRecord, findDiscountByCode } from '../store/discounts';
import { findProduct, type ProductRecord, type Scope } from '../store/products';
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
 * Prices a choice with the API's own domain functions (priceCheckout → applyDiscount → computeTotals), so the page
 * can never show or charge an amount the API would not. Rule violations come back as field errors, not exceptions.
 */
export async function priceChoice(db: Db, ctx: CheckoutContext, choice: Choice, now: Date): Promise<Priced> {
  const { session, product, scope } = ctx;
  const errors: FieldErrors = {};
  let general: string | undefined;
  const price = product.prices.find((p) => p.currency === session.currency);

  let unitAmount = session.unitAmount;
  try {
    unitAmount = priceCheckout(product, {
      currency: session.currency,
      quantity: choice.quantity,
      customPrice: choice.customPrice,
    }).unitAmount;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const money = (minor: number | null | undefined) => formatMoney(minor ?? 0, session.currency);
    if (error.code === 'custom_price_below_minimum')
      errors.customPrice = `Enter at least ${money(price?.minimumAmount)}.`;
    else if (error.code === 'custom_price_above_maximum')
      errors.customPrice = `Enter at most ${money(price?.maximumAmount)}.`;
    else if (error.code === 'amount_precision_exceeded') errors.customPrice = error.detail;
    else
      general = `This product can no longer be bought in ${session.currency.toUpperCase()}. Please contact the seller.`;
  }

  let discount: DiscountRecord | null = null;
  let discountValue: DiscountValue | null = null;
  if (choice.discountCode) {
    const key = discountLookupKey(choice.discountCode);
    discount = key === null ? null : await findDiscountByCode(db, scope, key);
    if (!discount) {
      errors.discountCode = 'This discount code is not valid.';
    } else {
      try {
        discountValue = applyDiscount(discount, { productId: product.id, currency: session.currency, now });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        errors.discountCode = error.detail;
        discount = null;
      }
    }
  }

  const totals = computeTotals(unitAmount, choice.quantity, discountValue);
  return {
    fields: {
      currency: session.currency,
      quantity: choice.quantity,
      unitAmount,
      ...totals,
      discountId: discount?.id ?? null,
      discountCode: discount?.code ?? null,
      customerEmail: choice.customerEmail,
      customFields: session.customFields,
      checkoutData: session.checkoutData,
      aff: session.aff,
    },
    errors,
    ...(general ? { general } : {}),
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
