import { priceCheckout } from '../domain/checkout';
import { applyDiscount, discountLookupKey } from '../domain/discounts';
import { DomainError } from '../domain/failure';
import { computeTotals, type DiscountValue } from '../domain/pricing';
import type { PricedProduct } from '../domain/products';
import type { CheckoutSessionFields } from '../store/checkout-sessions';
import type { DiscountRecord } from '../store/discounts';

/** What a buyer chooses: the inputs of a checkout's price (the API's create body, the hosted page's form). */
export interface CheckoutChoice {
  currency: string | undefined;
  quantity: number;
  /** Major units, as on the wire (pay-what-you-want only). */
  customPrice: number | undefined;
  /** As entered; undefined or null when none. */
  discountCode: string | null | undefined;
}

/** The session columns a price decides. */
export type CheckoutPrice = Pick<
  CheckoutSessionFields,
  'currency' | 'quantity' | 'unitAmount' | 'subtotal' | 'discountAmount' | 'total' | 'discountId' | 'discountCode'
>;

export interface PricedChoice {
  price: CheckoutPrice;
  /**
   * Every rule the choice breaks: the unit price's first, then the discount's. When there are any, `price` is only
   * good for display (a refused unit price counts as `unitAmountIfRefused`, a refused discount as none).
   */
  failures: DomainError[];
}

/** Finds a discount by its lookup key (`discountLookupKey`): cached on the API's hot path, fresh on the page. */
export type FindDiscount = (lookupKey: string) => Promise<DiscountRecord | null>;

/**
 * The one pricing pipeline of a checkout — unit price (currency, custom price) → discount lookup and rules →
 * totals — used by `POST /v1/checkout/create` and the hosted checkout page, so the page can never show or charge
 * an amount the API would not.
 */
export async function priceCheckoutChoice(
  product: PricedProduct,
  choice: CheckoutChoice,
  findDiscount: FindDiscount,
  now: Date,
  unitAmountIfRefused = 0,
): Promise<PricedChoice> {
  const failures: DomainError[] = [];
  const currency = choice.currency ?? product.defaultCurrency;
  let unitAmount = unitAmountIfRefused;
  try {
    unitAmount = priceCheckout(product, choice).unitAmount;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    failures.push(error);
  }

  let discount: DiscountRecord | null = null;
  let discountValue: DiscountValue | null = null;
  if (choice.discountCode !== undefined && choice.discountCode !== null) {
    const key = discountLookupKey(choice.discountCode);
    const found = key === null ? null : await findDiscount(key);
    if (!found) {
      failures.push(
        new DomainError('discount_not_found', `No discount code "${choice.discountCode}" in this account and mode.`, {
          path: ['discountCode'],
          detail: 'Unknown discount code.',
        }),
      );
    } else {
      try {
        discountValue = applyDiscount(found, { productId: product.id, currency, now });
        discount = found;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures.push(error);
      }
    }
  }

  const totals = computeTotals(unitAmount, choice.quantity, discountValue);
  return {
    price: {
      currency,
      quantity: choice.quantity,
      unitAmount,
      ...totals,
      discountId: discount?.id ?? null,
      discountCode: discount?.code ?? null,
    },
    failures,
  };
}
