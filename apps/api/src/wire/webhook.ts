import type { Event, WebhookEndpoint, WebhookEndpointWithSecret, WebhookEvent } from '../generated/schemas';
import type { EventRecord } from '../store/events';
import type { WebhookEndpointRecord } from '../store/webhook-endpoints';

export function webhookEndpointOnWire(endpoint: WebhookEndpointRecord): WebhookEndpoint {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    mode: endpoint.mode,
    url: endpoint.url,
    events: endpoint.events as WebhookEndpoint['events'],
    description: endpoint.description,
    created_at: endpoint.createdAt.toISOString(),
  };
}

/** Only at creation: the signing secret is shown once. */
export function webhookEndpointWithSecretOnWire(endpoint: WebhookEndpointRecord): WebhookEndpointWithSecret {
  return { ...webhookEndpointOnWire(endpoint), secret: endpoint.secret };
}

export function eventOnWire(event: EventRecord): Event {
  return {
    id: event.id,
    object: 'event',
    type: event.type as Event['type'],
    mode: event.mode,
    created_at: event.createdAt.toISOString(),
    data: { object: event.object as Event['data']['object'] },
    deliveries: event.deliveries.map((d) => ({
      endpoint_id: d.endpointId,
      status: d.status,
      attempts: d.attempts,
      last_attempt_at: d.lastAttemptAt?.toISOString() ?? null,
      next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
      last_response_status: d.lastResponseStatus,
      last_error: d.lastError === null ? null : d.lastError.slice(0, 500),
    })),
  };
}

/** The body of a webhook delivery: the event without its delivery state. */
export function webhookEventOnWire(event: Omit<EventRecord, 'deliveries'>): WebhookEvent {
  return {
    id: event.id,
    object: 'event',
    type: event.type as WebhookEvent['type'],
    mode: event.mode,
    created_at: event.createdAt.toISOString(),
    data: { object: event.object as WebhookEvent['data']['object'] },
  };
}
