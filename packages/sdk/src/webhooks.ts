/**
 * Webhook signature verification (Standard Webhooks, https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}` with the endpoint's `whsec_…` secret, via Web Crypto.
 */
import { type CamelAliased, withAliases } from './core/aliases';
import { SolifynError } from './core/errors';
import type { WebhookEventShapes } from './generated/webhook-events';

/** Every event type the spec's `webhooks:` section declares. */
export type WebhookEventType = keyof WebhookEventShapes;

type Shape<T extends WebhookEventType> = WebhookEventShapes[T];
type EventOf<T extends WebhookEventType> = Omit<Shape<T>['event'], 'type' | 'data'> & {
  type: T;
  data: Omit<Shape<T>['event']['data'], 'object'> & { object: Shape<T>['object'] };
};

/**
 * A verified webhook event with camelCase aliases, discriminated by `type`: `switch (event.type)` narrows
 * `event.data.object` to the object that event type carries (generated from the spec's `webhooks:` section).
 * `WebhookEvent<'order.created'>` is one event type alone.
 */
export type WebhookEvent<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: CamelAliased<EventOf<K>>;
}[T];

/** What `verify`/`unwrap` accept as the body: the exact bytes received, never re-serialised JSON. */
export type WebhookRawBody = string | Uint8Array | ArrayBuffer;

/** Headers as a `Headers` object or a plain record (e.g. Node's `req.headers`); names are case-insensitive. */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

export interface VerifyWebhookOptions {
  /** Accepted clock difference in seconds, both ways. Default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** Current time; defaults to `Date.now()`. */
  now?: Date | number;
}

export type WebhookVerificationReason =
  | 'missing_header'
  | 'invalid_secret'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'invalid_payload';

/** The webhook could not be verified; `reason` says why. Respond 400 and do not process the payload. */
export class WebhookVerificationError extends SolifynError {
  override name = 'WebhookVerificationError';
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

/**
 * Verifies a webhook and returns its event, or throws {@link WebhookVerificationError}.
 * Pass the raw request body exactly as received (not re-serialised JSON).
 */
export async function verifyWebhook(
  rawBody: WebhookRawBody,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array) && !(rawBody instanceof ArrayBuffer)) {
    // The classic mistake: a JSON body parser ran first (`express.json()`), so the signed bytes are gone.
    throw new WebhookVerificationError(
      'invalid_payload',
      `The webhook body must be the raw request body (string, Buffer/Uint8Array or ArrayBuffer), got ${
        rawBody === null ? 'null' : typeof rawBody
      }: read it unparsed, e.g. express.raw({ type: 'application/json' }) or await request.text().`,
    );
  }
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');

  const key = await importSecret(secret);

  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      `Invalid webhook-timestamp header: ${JSON.stringify(timestamp)}.`,
    );
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const now = Math.floor(Number(options.now ?? Date.now()) / 1000);
  const sentAt = Number(timestamp);
  if (now - sentAt > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `Webhook timestamp is ${now - sentAt} s old (tolerance ${tolerance} s).`,
    );
  }
  if (sentAt - now > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_new',
      `Webhook timestamp is ${sentAt - now} s in the future (tolerance ${tolerance} s).`,
    );
  }

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : new Uint8Array(rawBody);
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), body);
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, signed));

  // Several `v1,<base64>` entries separated by spaces (secret rotation); other versions are ignored.
  let matched = false;
  for (const entry of signatures.split(/\s+/)) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const candidate = decodeBase64(value);
    if (candidate && timingSafeEqual(candidate, expected)) matched = true;
  }
  if (!matched) {
    throw new WebhookVerificationError(
      'no_matching_signature',
      'No webhook-signature entry matches the payload and secret (verify the exact bytes received, not re-serialised JSON).',
    );
  }

  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'Webhook body is signed but is not valid JSON.');
  }
  return withAliases(event) as WebhookEvent;
}

/** `solifyn.webhooks` — the same verification, reachable from the client. */
export class Webhooks {
  /** Verifies the signature and returns the typed event; throws {@link WebhookVerificationError}. */
  verify(
    rawBody: WebhookRawBody,
    headers: WebhookHeaders,
    secret: string,
    options?: VerifyWebhookOptions,
  ): Promise<WebhookEvent> {
    return verifyWebhook(rawBody, headers, secret, options);
  }

  /** `verify` under the name that reads well in a handler: `const event = await solifyn.webhooks.unwrap(…)`. */
  unwrap(
    rawBody: WebhookRawBody,
    headers: WebhookHeaders,
    secret: string,
    options?: VerifyWebhookOptions,
  ): Promise<WebhookEvent> {
    return verifyWebhook(rawBody, headers, secret, options);
  }
}

function header(headers: WebhookHeaders, name: string): string {
  let value: string | readonly string[] | null | undefined;
  if (typeof (headers as Headers).get === 'function') {
    value = (headers as Headers).get(name);
  } else {
    const record = headers as Record<string, string | readonly string[] | undefined>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  const text = typeof value === 'string' ? value : value?.join(' ');
  if (!text) throw new WebhookVerificationError('missing_header', `Missing ${name} header.`);
  return text.trim();
}

async function importSecret(secret: string): Promise<CryptoKey> {
  const bytes =
    typeof secret === 'string' ? decodeBase64(secret.startsWith('whsec_') ? secret.slice(6) : secret) : undefined;
  if (!bytes || bytes.length === 0) {
    throw new WebhookVerificationError('invalid_secret', 'Webhook secret must be `whsec_` followed by base64.');
  }
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Compares in time independent of where the first difference is. */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
