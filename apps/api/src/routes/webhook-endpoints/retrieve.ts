import { findWebhookEndpoint } from '../../store/webhook-endpoints';
import { webhookEndpointOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** GET /v1/webhook_endpoints/{webhookEndpointId} */
export const retrieveWebhookEndpoint: Handler<'retrieveWebhookEndpoint'> = async (c) => {
  const { webhookEndpointId } = c.req.valid('param');
  const endpoint = await findWebhookEndpoint(c.get('deps').db, c.get('caller'), webhookEndpointId);
  if (!endpoint)
    throw notFound('webhook_endpoint_not_found', 'webhook endpoint', webhookEndpointId, '/path/webhookEndpointId');
  return c.json(webhookEndpointOnWire(endpoint), 200);
};
