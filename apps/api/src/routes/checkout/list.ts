import * as store from '../../store/checkout-sessions';
import { checkoutSessionOnWire } from '../../wire/checkout-session';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/checkout — newest first, filtered by status (read through expiry) and product. */
export const listCheckoutSessions: Handler<'listCheckoutSessions'> = async (c) => {
  const query = c.req.valid('query');
  const { db, clock, config } = c.get('deps');
  const scope = c.get('caller');
  const now = clock.now();
  const page = await store.listCheckoutSessions(db, scope, {
    limit: query.limit,
    startingAfter: query.startingAfter,
    status: query.status,
    productId: query.productId,
    now,
  });
  const present = (session: (typeof page.data)[number]) => checkoutSessionOnWire(config.publicUrl, session, now);
  return c.json(pageOnWire(page, present), 200);
};
