import * as store from '../../store/webhook-endpoints';
import { webhookEndpointOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { pageOnWire } from '../list-page';

/** GET /v1/webhook_endpoints */
export const listWebhookEndpoints: Handler<'listWebhookEndpoints'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  const page = await store.listWebhookEndpoints(db, c.get('caller'), query);
  return c.json(pageOnWire(page, webhookEndpointOnWire), 200);
};
