import * as store from '../../store/webhook-endpoints';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** DELETE /v1/webhook_endpoints/{webhookEndpointId} — stops deliveries; past events keep their delivery history. */
export const deleteWebhookEndpoint: Handler<'deleteWebhookEndpoint'> = async (c) => {
  const { webhookEndpointId } = c.req.valid('param');
  const { db, clock } = c.get('deps');
  if (!(await store.deleteWebhookEndpoint(db, c.get('caller'), webhookEndpointId, clock.now()))) {
    throw notFound('webhook_endpoint_not_found', 'webhook endpoint', webhookEndpointId, '/path/webhookEndpointId');
  }
  return c.json({ id: webhookEndpointId, object: 'webhook_endpoint' as const, deleted: true as const }, 200);
};
