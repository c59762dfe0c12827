import { listEvents as listStoredEvents } from '../../store/events';
import { cursorExists } from '../../store/pagination';
import { eventOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { invalidCursor } from '../not-found';

/** GET /v1/events — the event log, with each event's delivery state per endpoint. */
export const listEvents: Handler<'listEvents'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.var.deps;
  const page = await listStoredEvents(db, c.var.caller, query);
  if (
    page.data.length === 0 &&
    query.startingAfter !== undefined &&
    !(await cursorExists(db, 'events', c.var.caller, query.startingAfter))
  ) {
    throw invalidCursor(query.startingAfter);
  }
  return c.json({ data: page.data.map(eventOnWire), has_more: page.hasMore, next_cursor: page.nextCursor }, 200);
};
