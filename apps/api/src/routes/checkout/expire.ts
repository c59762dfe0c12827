import { effectiveStatus } from '../../domain/checkout';
import { randomId } from '../../domain/ids';
import { ApiError } from '../../errors';
import * as store from '../../store/checkout-sessions';
import { insertEvent } from '../../store/events';
import { checkoutSessionOnWire } from '../../wire/checkout-session';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** POST /v1/checkout/{checkoutId}/expire — closes an open session now; `checkout.expired` is recorded with it. */
export const expireCheckoutSession: Handler<'expireCheckoutSession'> = async (c) => {
  const { checkoutId } = c.req.valid('param');
  const { db, clock, config } = c.get('deps');
  const scope = c.get('caller');
  const now = clock.now();
  const expired = await db.transaction(async (tx) => {
    const session = await store.findCheckoutSession(tx, scope, checkoutId);
    if (!session) throw notFound('checkout_not_found', 'checkout session', checkoutId, '/path/checkoutId');
    const result = await store.expireCheckoutSession(tx, scope, session.id, now);
    if (!result) {
      const status = effectiveStatus(session.status, session.expiresAt, now);
      throw new ApiError(
        'checkout_not_open',
        `Checkout ${session.id} is ${status}; only open sessions can be expired.`,
      );
    }
    const object = checkoutSessionOnWire(config.publicUrl, result, now);
    await insertEvent(tx, scope, { id: randomId('evt'), type: 'checkout.expired', object }, now);
    return object;
  });
  return c.json(expired, 200);
};
