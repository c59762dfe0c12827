import { toMajorUnits } from '../domain/money';
import type { Product } from '../generated/schemas';
import type { ProductRecord } from '../store/products';

export function productOnWire(product: ProductRecord): Product {
  return {
    id: product.id,
    object: 'product',
    mode: product.mode,
    name: product.name,
    description: product.description,
    pricing_type: product.pricingType,
    prices: product.prices.map((price) => {
      const major = (minor: number | null) => (minor === null ? null : toMajorUnits(minor, price.currency));
      return {
        currency: price.currency,
        amount: major(price.amount),
        minimum_amount: major(price.minimumAmount),
        maximum_amount: major(price.maximumAmount),
        suggested_amount: major(price.suggestedAmount),
      };
    }),
    default_currency: product.defaultCurrency,
    redirect_url: product.redirectUrl,
    active: product.active,
    created_at: product.createdAt.toISOString(),
    updated_at: product.updatedAt.toISOString(),
  };
}
