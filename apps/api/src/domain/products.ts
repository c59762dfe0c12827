import type { ProductPriceInput } from '../generated/schemas';
import { DomainError, type InputPath } from './failure';
import { assertSupportedCurrency, toMinorUnits } from './money';

export type PricingType = 'fixed' | 'pay_what_you_want';

/** A price in one currency, in integer minor units. */
export interface ProductPrice {
  currency: string;
  amount: number | null;
  minimumAmount: number | null;
  maximumAmount: number | null;
  suggestedAmount: number | null;
}

export interface PricedProduct {
  id: string;
  pricingType: PricingType;
  defaultCurrency: string;
  prices: ProductPrice[];
}

const fixedOnly = ['amount'] as const;
const pwywOnly = ['minimumAmount', 'maximumAmount', 'suggestedAmount'] as const;

/** Validates wire prices for a pricing type and converts them to minor units (rules the schema cannot express). */
export function buildPrices(
  pricingType: PricingType,
  inputs: ProductPriceInput[],
  field: InputPath = ['prices'],
): ProductPrice[] {
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const at = (name: string): InputPath => [...field, index, name];
    const invalid = (name: string, detail: string) =>
      new DomainError('price_invalid', `Price ${index} (${input.currency}) is invalid: ${detail}`, {
        path: at(name),
        detail,
      });
    assertSupportedCurrency(input.currency, at('currency'));
    if (seen.has(input.currency)) {
      throw new DomainError('duplicate_currency', `Currency "${input.currency}" appears more than once in prices.`, {
        path: at('currency'),
        detail: 'A product has one price per currency.',
      });
    }
    seen.add(input.currency);
    const minor = (name: keyof ProductPriceInput) => {
      const value = input[name];
      return typeof value === 'number' ? toMinorUnits(value, input.currency, at(name)) : null;
    };
    if (pricingType === 'fixed') {
      const extra = pwywOnly.find((name) => input[name] !== undefined);
      if (extra) throw invalid(extra, `${extra} is only for pay_what_you_want products.`);
      const amount = minor('amount');
      if (amount === null) throw invalid('amount', 'A fixed-price product needs an amount.');
      return { currency: input.currency, amount, minimumAmount: null, maximumAmount: null, suggestedAmount: null };
    }
    const extra = fixedOnly.find((name) => input[name] !== undefined);
    if (extra) throw invalid(extra, 'amount is only for fixed products; use minimumAmount.');
    const minimumAmount = minor('minimumAmount');
    if (minimumAmount === null) throw invalid('minimumAmount', 'A pay_what_you_want product needs minimumAmount.');
    const maximumAmount = minor('maximumAmount');
    const suggestedAmount = minor('suggestedAmount');
    if (maximumAmount !== null && maximumAmount < minimumAmount) {
      throw invalid('maximumAmount', 'maximumAmount must be at least minimumAmount.');
    }
    if (
      suggestedAmount !== null &&
      (suggestedAmount < minimumAmount || (maximumAmount !== null && suggestedAmount > maximumAmount))
    ) {
      throw invalid('suggestedAmount', 'suggestedAmount must lie between minimumAmount and maximumAmount.');
    }
    return { currency: input.currency, amount: null, minimumAmount, maximumAmount, suggestedAmount };
  });
}

export function chooseDefaultCurrency(
  prices: ProductPrice[],
  requested: string | undefined,
  field: InputPath = ['defaultCurrency'],
): string {
  const currency = requested ?? prices[0]?.currency;
  if (!currency || !prices.some((p) => p.currency === currency)) {
    throw new DomainError('default_currency_not_priced', `defaultCurrency "${currency}" has no price.`, {
      path: field,
      detail: `Choose one of: ${prices.map((p) => p.currency).join(', ')}.`,
    });
  }
  return currency;
}
