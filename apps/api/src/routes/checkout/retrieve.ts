import { readCheckoutSession } from '../../store/checkout-sessions';
import { checkoutSessionOnWire } from '../../wire/checkout-session';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** GET /v1/checkout/{checkoutId} — by `id` or `session_id`. */
export const retrieveCheckoutSession: Handler<'retrieveCheckoutSession'> = async (c) => {
  const { checkoutId } = c.req.valid('param');
  const { db, cache, clock, config } = c.get('deps');
  const session = await readCheckoutSession(db, cache, c.get('caller'), checkoutId);
  if (!session) throw notFound('checkout_not_found', 'checkout session', checkoutId, '/path/checkoutId');
  return c.json(checkoutSessionOnWire(config.publicUrl, session, clock.now()), 200);
};
