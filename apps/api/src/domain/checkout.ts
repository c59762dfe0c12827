import { type CheckoutSession, isUri } from '../generated/schemas';
import { DomainError } from './failure';
import { assertSupportedCurrency, toMinorUnits } from './money';
import type { PricedProduct } from './products';

export interface CheckoutPricingInput {
  currency: string | undefined;
  quantity: number;
  /** Major units, as on the wire. */
  customPrice: number | undefined;
}

export const checkoutLifetimeMs = 24 * 60 * 60 * 1000;
/** The shortest lifetime a session may be given (`expiresAt`); the longest is `checkoutLifetimeMs`. */
export const checkoutMinLifetimeMs = 30 * 60 * 1000;

/**
 * When a session created or updated at `now` expires: `requested` (an RFC 3339 `expiresAt`) if it lies between 30
 * minutes and 24 hours ahead, both included; without one, 24 hours from `now`.
 */
export function checkoutExpiry(requested: string | undefined, now: Date): Date {
  if (requested === undefined) return new Date(now.getTime() + checkoutLifetimeMs);
  const expiresAt = new Date(requested);
  const ahead = expiresAt.getTime() - now.getTime();
  if (!(ahead >= checkoutMinLifetimeMs && ahead <= checkoutLifetimeMs)) {
    const minutes = Number.isFinite(ahead) ? Math.floor(ahead / 60_000) : NaN;
    throw new DomainError(
      'checkout_expiry_out_of_range',
      'expiresAt must be between 30 minutes and 24 hours from now.',
      {
        path: ['expiresAt'],
        detail: Number.isNaN(minutes)
          ? 'Not a date-time.'
          : `${expiresAt.toISOString()} is ${minutes} minutes from now (${now.toISOString()}).`,
      },
    );
  }
  return expiresAt;
}

/** The placeholders a session's `successUrl` may hold, replaced when the customer is sent there. */
export interface SuccessUrlValues {
  checkoutId: string;
  orderId: string;
}

/**
 * `successUrl` with `{CHECKOUT_ID}` and `{ORDER_ID}` replaced by the URL-encoded ids (so a value can never add a
 * path segment, a query parameter or a scheme).
 */
export function successUrlFor(template: string, values: SuccessUrlValues): string {
  return template
    .replaceAll('{CHECKOUT_ID}', encodeURIComponent(values.checkoutId))
    .replaceAll('{ORDER_ID}', encodeURIComponent(values.orderId));
}

/**
 * The rule of the product's `redirectUrl` (an RFC 3986 URI starting http:// or https://, which the spec checks),
 * applied to `successUrl` once its placeholders are replaced: the braces are not RFC 3986, so the schema checks only
 * the scheme and length. `isUri` is the spec's own `format: uri` check.
 */
export function assertSuccessUrl(template: string): void {
  const sample = successUrlFor(template, { checkoutId: '00000000-0000-7000-8000-000000000000', orderId: 'ord_0' });
  const other = successUrlFor(template, { checkoutId: '11111111-1111-7111-8111-111111111111', orderId: 'ord_1' });
  let protocol: string | undefined;
  // The page's CSP names the redirect's origin before the order exists: no placeholder may change it.
  let sameOrigin = false;
  try {
    const url = new URL(sample);
    protocol = url.protocol;
    sameOrigin = url.origin === new URL(other).origin;
  } catch {
    protocol = undefined;
  }
  if (!isUri(sample) || (protocol !== 'https:' && protocol !== 'http:') || !sameOrigin) {
    const detail =
      'Must be an http or https URI (RFC 3986: percent-encode spaces, control and non-ASCII characters) once ' +
      '{CHECKOUT_ID} and {ORDER_ID} are replaced, with the placeholders in its path, query or fragment only.';
    throw new DomainError('success_url_invalid', 'successUrl is not a URL the customer can be sent to.', {
      path: ['successUrl'],
      detail,
    });
  }
}

/** Chooses the currency and unit amount for a checkout of `product`. */
export function priceCheckout(
  product: PricedProduct,
  input: CheckoutPricingInput,
): { currency: string; unitAmount: number } {
  const currency = input.currency ?? product.defaultCurrency;
  if (input.currency !== undefined) assertSupportedCurrency(currency, ['currency']);
  const price = product.prices.find((p) => p.currency === currency);
  if (!price) {
    const offered = product.prices.map((p) => p.currency).join(', ');
    throw new DomainError('currency_not_supported', `This product is not sold in ${currency.toUpperCase()}.`, {
      path: ['currency'],
      detail: `The product is priced in: ${offered}.`,
    });
  }
  if (product.pricingType === 'fixed') {
    if (input.customPrice !== undefined) {
      throw new DomainError(
        'custom_price_not_allowed',
        'customPrice is only accepted for pay-what-you-want products.',
        {
          path: ['customPrice'],
          detail: 'This product has a fixed price.',
        },
      );
    }
    return { currency, unitAmount: price.amount ?? 0 };
  }
  const minimum = price.minimumAmount ?? 0;
  if (input.customPrice === undefined) {
    return { currency, unitAmount: price.suggestedAmount ?? minimum };
  }
  const unitAmount = toMinorUnits(input.customPrice, currency, ['customPrice']);
  if (unitAmount < minimum) {
    throw new DomainError('custom_price_below_minimum', 'customPrice is below the product minimum.', {
      path: ['customPrice'],
      detail: `The minimum is ${minimum} minor units of ${currency.toUpperCase()}.`,
    });
  }
  if (price.maximumAmount !== null && unitAmount > price.maximumAmount) {
    throw new DomainError('custom_price_above_maximum', 'customPrice is above the product maximum.', {
      path: ['customPrice'],
      detail: `The maximum is ${price.maximumAmount} minor units of ${currency.toUpperCase()}.`,
    });
  }
  return { currency, unitAmount };
}

/** A session's status, from the spec (`CheckoutSession.status`). */
export type CheckoutStatus = CheckoutSession['status'];

/** An open session past its expiry reads as expired even before the sweeper has written it. */
export function effectiveStatus(status: CheckoutStatus, expiresAt: Date, now: Date): CheckoutStatus {
  return status === 'open' && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
}

export const checkoutDataLimits = { maxBytes: 8192, maxDepth: 5 } as const;

/** Size and depth limits of `checkoutData` that JSON Schema cannot express. */
export function assertCheckoutDataWithinLimits(data: Record<string, unknown>): void {
  const bytes = new TextEncoder().encode(JSON.stringify(data)).length;
  if (bytes > checkoutDataLimits.maxBytes) {
    throw new DomainError(
      'checkout_data_too_large',
      `checkoutData is ${bytes} bytes; the limit is ${checkoutDataLimits.maxBytes}.`,
      { path: ['checkoutData'], detail: `At most ${checkoutDataLimits.maxBytes} bytes of JSON.` },
    );
  }
  const depth = depthOf(data);
  if (depth > checkoutDataLimits.maxDepth) {
    throw new DomainError(
      'checkout_data_too_deep',
      `checkoutData nests ${depth} levels; the limit is ${checkoutDataLimits.maxDepth}.`,
      { path: ['checkoutData'], detail: `At most ${checkoutDataLimits.maxDepth} levels of nesting.` },
    );
  }
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  let deepest = 0;
  for (const child of children) deepest = Math.max(deepest, depthOf(child));
  return 1 + deepest;
}
