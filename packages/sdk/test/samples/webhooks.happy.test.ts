/**
 * The README's webhook handlers (samples/webhooks-*.ts) run for real: Express over a socket, Hono in process and
 * the Next.js route handler as a function, each given a delivery signed like the API signs it.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventPayload, newSecret, signedHeaders } from '../helpers/webhook-fixtures';

const secret = newSecret();
type Handler = (body: string, headers: Record<string, string>) => Promise<{ status: number; text: string }>;
const handlers: Record<string, Handler> = {};
let closeExpress: () => void = () => {};

beforeAll(async () => {
  vi.stubEnv('SOLIFYN_API_KEY', 'sk_test_samples');
  vi.stubEnv('SOLIFYN_WEBHOOK_SECRET', secret);
  vi.spyOn(console, 'log').mockImplementation(() => {});

  const express = await import('../../samples/webhooks-express');
  const server = express.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closeExpress = () => server.close();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handlers.express = async (body, headers) => {
    const res = await fetch(`${base}/webhooks/solifyn`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, text: await res.text() };
  };

  const hono = await import('../../samples/webhooks-hono');
  handlers.hono = async (body, headers) => {
    const res = await hono.app.request('/webhooks/solifyn', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, text: await res.text() };
  };

  const next = await import('../../samples/webhooks-nextjs');
  handlers.nextjs = async (body, headers) => {
    const res = await next.POST(
      new Request('http://localhost/api/webhooks/solifyn', { method: 'POST', body, headers }),
    );
    return { status: res.status, text: await res.text() };
  };
});

afterAll(() => {
  closeExpress();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe.each(['express', 'hono', 'nextjs'])('the %s webhook sample', (name) => {
  it('accepts a signed delivery and handles it by type', async () => {
    const log = vi.mocked(console.log);
    log.mockClear();
    expect(await handlers[name]!(eventPayload, signedHeaders(secret, eventPayload))).toEqual({ status: 204, text: '' });
    if (name !== 'hono')
      expect(log).toHaveBeenCalledWith(
        'paid:',
        'ch_4fT9kQ2mZx7LpR',
        ...(name === 'express' ? [{ user_id: 'user_9983' }] : []),
      );
  });

  it('answers 400 with the reason to a tampered body or a re-serialised one', async () => {
    const headers = signedHeaders(secret, eventPayload);
    const tampered = eventPayload.replace('user_9983', 'user_9984');
    expect(await handlers[name]!(tampered, headers)).toEqual({ status: 400, text: 'no_matching_signature' });
    const reserialised = JSON.stringify(JSON.parse(eventPayload), null, 1);
    expect(await handlers[name]!(reserialised, headers)).toEqual({ status: 400, text: 'no_matching_signature' });
  });
});
