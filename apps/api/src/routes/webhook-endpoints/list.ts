import { cursorExists } from '../../store/pagination';
import { listWebhookEndpoints as listEndpoints } from '../../store/webhook-endpoints';
import { webhookEndpointOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { invalidCursor } from '../not-found';

/** GET /v1/webhook_endpoints */
export const listWebhookEndpoints: Handler<'listWebhookEndpoints'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.var.deps;
  const page = await listEndpoints(db, c.var.caller, query);
  if (
    page.data.length === 0 &&
    query.startingAfter !== undefined &&
    !(await cursorExists(db, 'webhook_endpoints', c.var.caller, query.startingAfter))
  ) {
    throw invalidCursor(query.startingAfter);
  }
  return c.json(
    { data: page.data.map(webhookEndpointOnWire), has_more: page.hasMore, next_cursor: page.nextCursor },
    200,
  );
};
