import { describe, expect, it } from 'vitest';
import { SolifynError, verifyWebhook, WebhookVerificationError, type WebhookVerificationReason } from '../src/index';
import { eventPayload, newSecret, signedHeaders } from './helpers/webhook-fixtures';

async function reasonOf(promise: Promise<unknown>): Promise<WebhookVerificationReason> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  expect(error).toBeInstanceOf(SolifynError);
  return (error as WebhookVerificationError).reason;
}

describe('webhooks.verify — errors', () => {
  const secret = newSecret();
  const now = Date.parse('2026-11-24T12:00:00Z');
  const headers = signedHeaders(secret, eventPayload, { at: new Date(now) });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('rejects a missing %s header', async (name) => {
    const { [name]: _, ...rest } = headers;
    const error = await verifyWebhook(eventPayload, rest, secret, { now }).catch((e: unknown) => e);
    expect((error as WebhookVerificationError).reason).toBe('missing_header');
    expect((error as Error).message).toContain(name);
  });

  it('rejects a timestamp older than 5 minutes', async () => {
    expect(await reasonOf(verifyWebhook(eventPayload, headers, secret, { now: now + 301_000 }))).toBe(
      'timestamp_too_old',
    );
  });

  it('rejects a timestamp more than 5 minutes in the future', async () => {
    expect(await reasonOf(verifyWebhook(eventPayload, headers, secret, { now: now - 301_000 }))).toBe(
      'timestamp_too_new',
    );
  });

  it('rejects a non-numeric timestamp', async () => {
    const bad = { ...headers, 'webhook-timestamp': '2026-11-24T12:00:00Z' };
    expect(await reasonOf(verifyWebhook(eventPayload, bad, secret, { now }))).toBe('invalid_timestamp');
  });

  it('rejects a malformed secret', async () => {
    expect(await reasonOf(verifyWebhook(eventPayload, headers, 'whsec_', { now }))).toBe('invalid_secret');
    expect(await reasonOf(verifyWebhook(eventPayload, headers, 'whsec_not base64!', { now }))).toBe('invalid_secret');
  });

  it('rejects a signature header without any v1 entry', async () => {
    const bad = { ...headers, 'webhook-signature': 'v2,abc' };
    expect(await reasonOf(verifyWebhook(eventPayload, bad, secret, { now }))).toBe('no_matching_signature');
  });

  it('rejects a correctly signed body that is not JSON', async () => {
    const body = 'not json';
    const signed = signedHeaders(secret, body, { at: new Date(now) });
    expect(await reasonOf(verifyWebhook(body, signed, secret, { now }))).toBe('invalid_payload');
  });

  it('refuses a body that was already parsed (express.json() ran first), saying how to get the raw one', async () => {
    const parsed = JSON.parse(eventPayload) as unknown as string;
    const error = await verifyWebhook(parsed, headers, secret, { now }).catch((e: unknown) => e);
    expect((error as WebhookVerificationError).reason).toBe('invalid_payload');
    expect((error as Error).message).toMatch(/raw request body.*got object.*express\.raw/);
  });

  it('refuses re-serialised JSON: the same event with other whitespace is not what was signed', async () => {
    const reserialised = JSON.stringify(JSON.parse(eventPayload), null, 2);
    const error = await verifyWebhook(reserialised, headers, secret, { now }).catch((e: unknown) => e);
    expect((error as WebhookVerificationError).reason).toBe('no_matching_signature');
    expect((error as Error).message).toContain('not re-serialised JSON');
  });
});
