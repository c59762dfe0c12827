/**
 * The SDK's request ids and raw responses against the real server in-process: the `Request-Id`, `RateLimit` and
 * `Idempotent-Replayed` headers of a successful call are reachable, and the server sees the SDK's version headers.
 */
import { describe, expect, it } from 'vitest';
import { VERSION } from 'solifyn';
import { sdkPerTest } from './sdk-client';

const t = sdkPerTest();

const product = () =>
  t.solifyn.products.create({ name: 'Icon pack', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 9 }] });

describe('request ids and raw responses (happy)', () => {
  it('createSession: session.requestId and withResponse() give the Request-Id the server sent', async () => {
    const { sdk, solifyn } = t;
    const { id: productId } = await product();
    const session = await solifyn.checkout.createSession({ productId, quantity: 1 });
    const sent = sdk.exchanges.at(-1)!.responseHeaders.get('request-id');
    expect(sent).toMatch(/^req_/);
    expect(session.requestId).toBe(sent);
    expect(Object.keys(session).sort()).toEqual(['checkout_url', 'id', 'session_id']);

    const { data, response, requestId } = await solifyn.checkout
      .createSession({ productId, quantity: 1 }, { idempotencyKey: 'raw-response-1' })
      .withResponse();
    expect(requestId).toBe(sdk.exchanges.at(-1)!.responseHeaders.get('request-id'));
    expect(data.requestId).toBe(requestId);
    expect(response.status).toBe(201);
    expect(response.headers.get('ratelimit')).toMatch(/r=\d+/);
    expect(response.headers.get('idempotent-replayed')).toBeNull();

    const replay = await solifyn.checkout
      .createSession({ productId, quantity: 1 }, { idempotencyKey: 'raw-response-1' })
      .withResponse();
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data.id).toBe(data.id);
  });

  it('asResponse() hands over the unread 2xx, whose body is the wire JSON', async () => {
    const { solifyn } = t;
    const { id } = await product();
    const response = await solifyn.products.retrieve(id).asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(((await response.json()) as { id: string }).id).toBe(id);
  });

  it('sends Solifyn-Sdk-Version and User-Agent with the SDK version', async () => {
    const { sdk } = t;
    await product();
    const headers = sdk.exchanges.at(-1)!.requestHeaders;
    expect(headers.get('solifyn-sdk-version')).toBe(VERSION);
    expect(headers.get('user-agent')).toBe(`solifyn-node/${VERSION}`);
  });
});
