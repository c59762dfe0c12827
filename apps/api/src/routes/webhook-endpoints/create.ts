import { lookup } from 'node:dns/promises';
import { randomId } from '../../domain/ids';
import { assertWebhookUrlAllowed } from '../../domain/webhook-url';
import { ApiError } from '../../errors';
import { insertWebhookEndpointWithinLimit, maxWebhookEndpoints } from '../../store/webhook-endpoints';
import { webhookEndpointWithSecretOnWire } from '../../wire/webhook';
import type { Handler } from '../handler';

async function resolve(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}

/** Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
function newSigningSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`;
}

/** POST /v1/webhook_endpoints — the only response that shows the signing secret. */
export const createWebhookEndpoint: Handler<'createWebhookEndpoint'> = async (c) => {
  const body = c.req.valid('json');
  const { db, clock } = c.get('deps');
  const scope = c.get('caller');
  const url = new URL(body.url);
  assertWebhookUrlAllowed(url, scope.mode, scope.mode === 'live' ? await resolve(url.hostname) : []);
  // Stored as sent: deliveries parse it the same way, and `url.href` may differ from it or exceed maxLength 2048.
  const endpoint = await insertWebhookEndpointWithinLimit(
    db,
    scope,
    {
      id: randomId('we'),
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      secret: newSigningSecret(),
    },
    clock.now(),
  );
  if (!endpoint) {
    throw new ApiError(
      'webhook_endpoint_limit_reached',
      `This account already has ${maxWebhookEndpoints} webhook endpoints in ${scope.mode} mode; delete one first.`,
    );
  }
  return c.json(webhookEndpointWithSecretOnWire(endpoint), 201);
};
