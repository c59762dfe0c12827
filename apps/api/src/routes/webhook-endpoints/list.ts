import { listWebhookEndpoints as listEndpoints } from '../../store/webhook-endpoints';
import { webhookEndpointOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { listPage } from '../list-page';

/** GET /v1/webhook_endpoints */
export const listWebhookEndpoints: Handler<'listWebhookEndpoints'> = async (c) => {
  const query = c.req.valid('query');
  const { db } = c.var.deps;
  const page = await listEndpoints(db, c.var.caller, query);
  return c.json(
    await listPage(db, c.var.caller, 'webhook_endpoints', query.startingAfter, page, webhookEndpointOnWire),
    200,
  );
};
