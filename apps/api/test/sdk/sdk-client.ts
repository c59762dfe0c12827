/**
 * The `solifyn` SDK wired to the real app in-process. Every exchange is recorded (method, path, request headers,
 * status, response headers) and every response is checked against the spec; violations are collected rather than
 * thrown, because a throwing fetch looks like a connection failure to the SDK, which would retry it.
 */
import { contract, expectConforms } from '@solifyn/contract';
import { type ClientOptions, type Fetch, Solifyn } from 'solifyn';
import { afterEach, beforeEach, expect } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, payCheckout } from '../support/fixtures';

export const baseUrl = 'http://localhost:3000';

export interface Exchange {
  method: string;
  path: string;
  search: string;
  requestHeaders: Headers;
  body: unknown;
  status: number;
  responseHeaders: Headers;
  responseText: string;
}

export interface SdkHarness {
  solifyn: Solifyn;
  /** Every request that reached the server, in order. */
  exchanges: Exchange[];
  /** Spec violations seen so far (one line each); `expectNoViolations()` asserts there are none. */
  violations: string[];
  /** The conforming, recording fetch (wrap it to inject failures). */
  fetch: Fetch;
  expectNoViolations(): void;
}

export interface SdkHarnessOptions extends Omit<ClientOptions, 'fetch'> {
  /** Wraps the recording fetch, e.g. to fail after the server answered. */
  wrap?: (inner: Fetch) => Fetch;
}

export function sdkHarness(api: TestApi, options: SdkHarnessOptions = {}): SdkHarness {
  const { wrap, ...clientOptions } = options;
  const exchanges: Exchange[] = [];
  const violations: string[] = [];

  const fetch: Fetch = async (request) => {
    const url = new URL(request.url);
    const text = await request.clone().text();
    const response = await api.app.fetch(request);
    exchanges.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      requestHeaders: new Headers(request.headers),
      body: text ? JSON.parse(text) : undefined,
      status: response.status,
      responseHeaders: new Headers(response.headers),
      responseText: await response.clone().text(),
    });
    const operation = contract().match(request.method, url.pathname);
    if (!operation) {
      violations.push(`${request.method} ${url.pathname}: no operation of the spec matches`);
    } else {
      try {
        await expectConforms(operation.operationId, response.clone());
      } catch (error) {
        violations.push(`${request.method} ${url.pathname} → ${response.status}: ${(error as Error).message}`);
      }
    }
    return response;
  };

  const solifyn = new Solifyn({
    apiKey: api.account.key,
    baseUrl,
    ...clientOptions,
    fetch: wrap ? wrap(fetch) : fetch,
  });
  return {
    solifyn,
    exchanges,
    violations,
    fetch,
    expectNoViolations: () => expect(violations).toEqual([]),
  };
}

/** What each test of an SDK suite gets from `sdkPerTest`: set before the test runs. */
export interface SdkTestContext {
  api: TestApi;
  sdk: SdkHarness;
  solifyn: Solifyn;
}

/**
 * The per-test setup of an SDK suite: a fresh TestApi and harness before each test, and after it, every response
 * checked against the spec (`expectNoViolations`).
 */
export function sdkPerTest(options: SdkHarnessOptions = {}): SdkTestContext {
  const context = {} as SdkTestContext;
  beforeEach(async () => {
    context.api = await testApi();
    context.sdk = sdkHarness(context.api, options);
    context.solifyn = context.sdk.solifyn;
  });
  afterEach(() => {
    context.sdk.expectNoViolations();
  });
  return context;
}

/** An order paid on the hosted page for a session the SDK created: 2 × the fixed product (39.98 usd). */
export async function paidOrder({ api, solifyn }: SdkTestContext): Promise<string> {
  const product = await fixedProduct(api);
  const session = await solifyn.checkout.createSession({ productId: product.id, quantity: 2 });
  return payCheckout(api, session.id);
}
