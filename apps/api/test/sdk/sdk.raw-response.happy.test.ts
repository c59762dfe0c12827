/**
 * The SDK's request ids and raw responses against the real server in-process: the `Request-Id`, `RateLimit` and
 * `Idempotent-Replayed` headers of a successful call are reachable, and the server sees the SDK's version headers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Solifyn, VERSION } from 'solifyn';
import { type TestApi, testApi } from '../support/api';
import { type SdkHarness, sdkHarness } from './sdk-client';

let api: TestApi;
let sdk: SdkHarness;
let solifyn: Solifyn;

beforeEach(async () => {
  api = await testApi();
  sdk = sdkHarness(api);
  solifyn = sdk.solifyn;
});

afterEach(() => {
  sdk.expectNoViolations();
});

const product = () =>
  solifyn.products.create({ name: 'Icon pack', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 9 }] });

describe('request ids and raw responses (happy)', () => {
  it('createSession: session.requestId and withResponse() give the Request-Id the server sent', async () => {
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
    const { id } = await product();
    const response = await solifyn.products.retrieve(id).asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(((await response.json()) as { id: string }).id).toBe(id);
  });

  it('sends Solifyn-Sdk-Version and User-Agent with the SDK version', async () => {
    await product();
    const headers = sdk.exchanges.at(-1)!.requestHeaders;
    expect(headers.get('solifyn-sdk-version')).toBe(VERSION);
    expect(headers.get('user-agent')).toBe(`solifyn-node/${VERSION}`);
  });
});
