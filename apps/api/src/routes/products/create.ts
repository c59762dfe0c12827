import { randomId } from '../../domain/ids';
import { buildPrices, chooseDefaultCurrency } from '../../domain/products';
import { insertProduct } from '../../store/products';
import { productOnWire } from '../../wire/product';
import type { Handler } from '../handler';

/** POST /v1/products */
export const createProduct: Handler<'createProduct'> = async (c) => {
  const body = c.req.valid('json');
  const { db, clock } = c.get('deps');
  const pricingType = body.pricingType ?? 'fixed';
  const prices = buildPrices(pricingType, body.prices);
  const product = await insertProduct(
    db,
    c.get('caller'),
    randomId('prod'),
    {
      name: body.name,
      description: body.description ?? null,
      pricingType,
      prices,
      defaultCurrency: chooseDefaultCurrency(prices, body.defaultCurrency),
      redirectUrl: body.redirectUrl ?? null,
      active: true,
    },
    clock.now(),
  );
  return c.json(productOnWire(product), 201);
};
