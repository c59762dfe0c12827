import { buildPrices, chooseDefaultCurrency } from '../../domain/products';
import { ApiError } from '../../errors';
import * as store from '../../store/products';
import { productOnWire } from '../../wire/product';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/**
 * PATCH /v1/products/{productId} — fields left out keep their value; `prices` replaces all prices. The merged
 * product is validated as a whole (a new pricing type needs matching prices; the default currency must stay priced).
 */
export const updateProduct: Handler<'updateProduct'> = async (c) => {
  const { productId } = c.req.valid('param');
  const patch = c.req.valid('json');
  const { db, cache, clock } = c.get('deps');
  const scope = c.get('caller');
  const product = await db.transaction(async (tx) => {
    const current = await store.findProduct(tx, scope, productId, { forUpdate: true });
    if (!current) throw notFound('product_not_found', 'product', productId, '/path/productId');
    const pricingType = patch.pricingType ?? current.pricingType;
    const pricesChanged = patch.prices !== undefined || pricingType !== current.pricingType;
    if (pricingType !== current.pricingType && patch.prices === undefined) {
      throw new ApiError('price_invalid', `Changing pricingType to ${pricingType} needs prices for it.`, [
        { pointer: '/body/prices', detail: 'Send the prices for the new pricing type.' },
      ]);
    }
    const prices = patch.prices ? buildPrices(pricingType, patch.prices) : current.prices;
    const defaultCurrency = chooseDefaultCurrency(
      prices,
      patch.defaultCurrency ??
        (prices.some((p) => p.currency === current.defaultCurrency) ? current.defaultCurrency : undefined),
    );
    return store.updateProduct(
      tx,
      scope,
      productId,
      {
        name: patch.name ?? current.name,
        description: patch.description === undefined ? current.description : patch.description,
        pricingType,
        prices,
        defaultCurrency,
        redirectUrl: patch.redirectUrl === undefined ? current.redirectUrl : patch.redirectUrl,
        active: patch.active ?? current.active,
      },
      clock.now(),
      pricesChanged,
    );
  });
  // This process reads its own write at once; other replicas drop their copy on the trigger's notification.
  cache.invalidate(`product:${productId}`);
  return c.json(productOnWire(product), 200);
};
