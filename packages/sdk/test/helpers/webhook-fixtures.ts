import { Webhook } from 'standardwebhooks';

/** A fresh `whsec_` secret, like the API issues. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export const eventPayload = JSON.stringify({
  id: 'evt_4fT9kQ2mZx7LpR',
  object: 'event',
  type: 'checkout.completed',
  mode: 'test',
  created_at: '2026-11-24T12:00:00Z',
  data: {
    object: {
      id: '019e56ba-9832-72ae-9c4f-2b7e5d1a8f03',
      object: 'checkout_session',
      session_id: 'ch_4fT9kQ2mZx7LpR',
      checkout_url: 'http://localhost:3000/checkout/test/prod_7oQUIde2kLxV9a',
      custom_fields: { user_id: 'user_9983' },
      checkout_data: { cart_id: 'c1' },
    },
  },
  deliveries: [],
});

/** Headers signed by the reference `standardwebhooks` implementation. */
export function signedHeaders(
  secret: string,
  payload: string,
  { id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', at = new Date() }: { id?: string; at?: Date } = {},
): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, payload),
  };
}
