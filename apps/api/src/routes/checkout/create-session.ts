import { assertCheckoutDataWithinLimits, assertSuccessUrl, checkoutExpiry } from '../../domain/checkout';
import { randomId, uuidv7 } from '../../domain/ids';
import { ApiError } from '../../errors';
import { crashPoint } from '../../faults';
import { keyTimes, settle, storedJson } from '../../http/idempotency';
import { priceCheckoutChoice } from '../../services/price-checkout';
import {
  type CheckoutSessionFields,
  findCheckoutSession,
  insertCheckoutSession,
  insertCheckoutSessionOnce,
  updateOpenCheckoutSession,
  updateOpenCheckoutSessionOnce,
} from '../../store/checkout-sessions';
import { readDiscountByCode } from '../../store/discounts';
import { readProduct } from '../../store/products';
import { checkoutSessionCreated } from '../../wire/checkout-session';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/**
 * POST /v1/checkout/create — prices a checkout for a product and returns where to send the customer. With
 * `checkoutId`, the request re-validates and replaces the configuration of that open session instead.
 *
 * The hot path: the key, product and discount come from the store cache, and the session is one INSERT — with an
 * Idempotency-Key, one statement that also stores the response (ids and response are known before it runs).
 */
export const createCheckoutSession: Handler<'createCheckoutSession'> = async (c) => {
  const body = c.req.valid('json');
  const { db, cache, clock, config } = c.get('deps');
  const scope = c.get('caller');
  const now = clock.now();

  if (body.checkoutData) assertCheckoutDataWithinLimits(body.checkoutData);
  if (body.successUrl !== undefined) assertSuccessUrl(body.successUrl);
  // Checked before any lookup, like the body's other rules: the bounds are relative to the injected clock.
  const expiresAt = checkoutExpiry(body.expiresAt, now);
  const urls = { successUrl: body.successUrl ?? null, cancelUrl: body.cancelUrl ?? null };
  const product = await readProduct(db, cache, scope, body.productId);
  if (!product || !product.active)
    throw notFound('product_not_found', 'active product', body.productId, '/body/productId');
  const { price, failures } = await priceCheckoutChoice(
    product,
    {
      currency: body.currency,
      quantity: body.quantity ?? 1,
      customPrice: body.customPrice,
      discountCode: body.discountCode,
    },
    (key) => readDiscountByCode(db, cache, scope, key),
    now,
  );
  if (failures[0]) throw failures[0];
  const fields: CheckoutSessionFields = {
    ...price,
    customerEmail: body.customerEmail ?? null,
    customFields: body.customFields ?? {},
    checkoutData: body.checkoutData ?? null,
    aff: body.aff ?? null,
  };

  const idempotency = c.get('idempotency');
  if (body.checkoutId === undefined) {
    const session = {
      id: uuidv7(),
      sessionId: randomId('ch'),
      productId: product.id,
      fields,
      urls,
      now,
      expiresAt,
    };
    const created = checkoutSessionCreated(config.publicUrl, { ...session, mode: scope.mode });
    crashPoint('checkout.create:before-write');
    if (idempotency) {
      const key = { request: idempotency, response: storedJson(201, created), times: keyTimes(now) };
      settle(await insertCheckoutSessionOnce(db, scope, session, key));
    } else {
      await insertCheckoutSession(db, scope, session);
    }
    crashPoint('checkout.create:after-write');
    return c.json(created, 201);
  }

  const existing = await findCheckoutSession(db, scope, body.checkoutId);
  if (!existing) throw notFound('checkout_not_found', 'checkout session', body.checkoutId, '/body/checkoutId');
  if (existing.productId !== product.id) {
    throw new ApiError('checkout_product_mismatch', `Checkout ${existing.id} is for another product.`, [
      { pointer: '/body/productId', detail: `The session is for ${existing.productId}.` },
    ]);
  }
  const updated = checkoutSessionCreated(config.publicUrl, existing);
  // The URLs are replaced like every other field; the expiry only moves when asked to.
  const options = { ...urls, expiresAt: body.expiresAt === undefined ? null : expiresAt };
  let stillOpen: boolean;
  if (idempotency) {
    const key = { request: idempotency, response: storedJson(201, updated), times: keyTimes(now) };
    const outcome = await updateOpenCheckoutSessionOnce(db, scope, existing.id, fields, now, options, key);
    settle(outcome);
    stillOpen = outcome.state === 'written';
  } else {
    stillOpen = (await updateOpenCheckoutSession(db, scope, existing.id, fields, now, options)) !== null;
  }
  if (!stillOpen) {
    throw new ApiError('checkout_not_open', `Checkout ${existing.id} is no longer open and cannot be changed.`, [
      { pointer: '/body/checkoutId', detail: 'Create a new checkout session instead.' },
    ]);
  }
  return c.json(updated, 201);
};
