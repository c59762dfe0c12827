import { Webhook } from 'standardwebhooks';

export const userAgent = 'Solifyn-Webhooks/1.0';

/**
 * Standard Webhooks request headers for one attempt: `webhook-id` is the event id (the same on every retry, receivers
 * de-duplicate on it), `webhook-timestamp` this attempt's time, the signature covers `${id}.${timestamp}.${body}`.
 * Throws when the secret is not `whsec_` + base64.
 */
export function signedHeaders(secret: string, eventId: string, body: string, at: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': userAgent,
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}
