import * as store from '../../store/webhook-endpoints';
import { webhookEndpointOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { listPage } from '../list-page';

/** GET /v1/webhook_endpoints */
export const listWebhookEndpoints: Handler<'listWebhookEndpoints'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listWebhookEndpoints(db, c.get('caller'), query);
  return c.json(
    await listPage(db, c.get('caller'), 'webhook_endpoints', query.startingAfter, page, webhookEndpointOnWire),
    200,
  );
};
