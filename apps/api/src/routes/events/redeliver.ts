import { z } from '@hono/zod-openapi';
import { ApiError } from '../../errors';
import { Event } from '../../generated/schemas';
import * as store from '../../store/events';
import { eventOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** The spec's bound on an event's `deliveries` (maxItems): redelivery refuses to go past it. */
const maxDeliveries = z.toJSONSchema(Event.shape.deliveries).maxItems ?? Number.POSITIVE_INFINITY;

/** POST /v1/events/{eventId}/redeliver — queues the event again for every endpoint subscribed to its type. */
export const redeliverEvent: Handler<'redeliverEvent'> = async (c) => {
  const { eventId } = c.req.valid('param');
  const { db, clock } = c.get('deps');
  const result = await store.redeliverEvent(db, c.get('caller'), eventId, clock.now(), maxDeliveries);
  if (result.outcome === 'not_found') throw notFound('event_not_found', 'event', eventId, '/path/eventId');
  if (result.outcome === 'too_many_deliveries') {
    throw new ApiError(
      'event_delivery_limit_reached',
      `Event ${eventId} lists ${result.deliveries} deliveries; queuing it for ${result.added} more endpoints would exceed ${maxDeliveries}.`,
    );
  }
  return c.json(eventOnWire(result.event), 202);
};
