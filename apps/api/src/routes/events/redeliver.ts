import * as store from '../../store/events';
import { eventOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** POST /v1/events/{eventId}/redeliver — queues the event again for every endpoint subscribed to its type. */
export const redeliverEvent: Handler<'redeliverEvent'> = async (c) => {
  const { eventId } = c.req.valid('param');
  const { db, clock } = c.get('deps');
  const event = await store.redeliverEvent(db, c.get('caller'), eventId, clock.now());
  if (!event) throw notFound('event_not_found', 'event', eventId, '/path/eventId');
  return c.json(eventOnWire(event), 202);
};
