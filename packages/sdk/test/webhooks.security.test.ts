import { describe, expect, it } from 'vitest';
import { verifyWebhook, type WebhookVerificationError } from '../src/index';
import { eventPayload, newSecret, signedHeaders } from './helpers/webhook-fixtures';

const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (e: unknown) => (e as WebhookVerificationError).reason,
  );

describe('webhooks.verify — security', () => {
  const secret = newSecret();
  const now = Date.parse('2026-11-24T12:00:00Z');
  const headers = signedHeaders(secret, eventPayload, { at: new Date(now) });

  it('rejects a payload tampered with by one character', async () => {
    const tampered = eventPayload.replace('checkout.completed', 'checkout.expired');
    expect(await reason(verifyWebhook(tampered, headers, secret, { now }))).toBe('no_matching_signature');
  });

  it('rejects a signature made with another secret', async () => {
    expect(await reason(verifyWebhook(eventPayload, headers, newSecret(), { now }))).toBe('no_matching_signature');
  });

  it('binds the signature to webhook-id and webhook-timestamp (no replay under another id or time)', async () => {
    expect(await reason(verifyWebhook(eventPayload, { ...headers, 'webhook-id': 'msg_other' }, secret, { now }))).toBe(
      'no_matching_signature',
    );
    const later = String(Number(headers['webhook-timestamp']) + 1);
    expect(await reason(verifyWebhook(eventPayload, { ...headers, 'webhook-timestamp': later }, secret, { now }))).toBe(
      'no_matching_signature',
    );
  });

  it('rejects truncated, empty and garbage signatures', async () => {
    const sig = headers['webhook-signature']!;
    for (const bad of [sig.slice(0, -4), 'v1,', 'v1,%%%', `v1,${btoa('x'.repeat(32))}`]) {
      expect(await reason(verifyWebhook(eventPayload, { ...headers, 'webhook-signature': bad }, secret, { now }))).toBe(
        'no_matching_signature',
      );
    }
  });

  it('rejects a replay of an old, validly signed message', async () => {
    expect(await reason(verifyWebhook(eventPayload, headers, secret, { now: now + 10 * 60_000 }))).toBe(
      'timestamp_too_old',
    );
  });
});
