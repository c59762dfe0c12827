import * as store from '../../store/events';
import { eventOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/events — the event log, with each event's delivery state per endpoint. */
export const listEvents: Handler<'listEvents'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listEvents(db, c.get('caller'), query);
  return c.json(pageOnWire(page, eventOnWire), 200);
};
