import { isUuid } from '../../domain/ids';
import { listCheckoutSessions as listSessions } from '../../store/checkout-sessions';
import { cursorExists } from '../../store/pagination';
import { checkoutSessionOnWire } from '../../wire/checkout-session';
import type { Handler } from '../handler';
import { invalidCursor } from '../not-found';

/** GET /v1/checkout — newest first, filtered by status (read through expiry) and product. */
export const listCheckoutSessions: Handler<'listCheckoutSessions'> = async (c) => {
  const query = c.req.valid('query');
  const { db, clock, config } = c.var.deps;
  const scope = c.var.caller;
  const now = clock.now();
  // Not a UUID: no session has it (and the list query could not even cast it), so no query at all.
  if (query.startingAfter !== undefined && !isUuid(query.startingAfter)) throw invalidCursor(query.startingAfter);
  const page = await listSessions(db, scope, {
    limit: query.limit,
    startingAfter: query.startingAfter,
    status: query.status,
    productId: query.productId,
    now,
  });
  // An unknown cursor lists nothing; only then is it worth a query to tell a bad cursor from an empty last page.
  if (
    page.data.length === 0 &&
    query.startingAfter !== undefined &&
    !(await cursorExists(db, 'checkout_sessions', scope, query.startingAfter))
  ) {
    throw invalidCursor(query.startingAfter);
  }
  return c.json(
    {
      data: page.data.map((session) => checkoutSessionOnWire(config.publicUrl, session, now)),
      has_more: page.hasMore,
      next_cursor: page.nextCursor,
    },
    200,
  );
};
