/**
 * The `solifyn` SDK wired to the real app in-process. Every exchange is recorded (method, path, request headers,
 * status, response headers) and every response is checked against the spec; violations are collected rather than
 * thrown, because a throwing fetch looks like a connection failure to the SDK, which would retry it.
 */
import { contract, expectConforms } from '@solifyn/contract';
import { type ClientOptions, type Fetch, Solifyn } from 'solifyn';
import { expect } from 'vitest';
import { randomId } from '../../src/domain/ids';
import type { TestApi } from '../support/api';

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

/**
 * Orders have no create API yet: turns an open checkout session into a completed one with its order, in one
 * transaction, the way checkout completion stores them (0001_init.sql). Returns the order id.
 */
export async function insertOrder(
  api: TestApi,
  checkoutId: string,
  customerEmail = 'buyer@example.com',
): Promise<string> {
  const orderId = randomId('ord');
  const now = api.clock.now();
  await api.deps.db.transaction(async (tx) => {
    const inserted = await tx.query(
      `insert into orders (id, account_id, mode, checkout_id, product_id, currency, quantity, unit_amount, subtotal,
                           discount_id, discount_code, discount_amount, total, customer_email, custom_fields,
                           checkout_data, aff, created_at)
       select $1, s.account_id, s.mode, s.id, s.product_id, s.currency, s.quantity, s.unit_amount, s.subtotal,
              s.discount_id, s.discount_code, s.discount_amount, s.total, coalesce(s.customer_email, $3), s.custom_fields,
              s.checkout_data, s.aff, $4
       from checkout_sessions s where s.id = $2 and s.status = 'open'
       returning id`,
      [orderId, checkoutId, customerEmail, now],
    );
    if (inserted.length !== 1) throw new Error(`insertOrder: no open checkout session ${checkoutId}`);
    await tx.query(
      `update checkout_sessions set status = 'completed', completed_at = $2, updated_at = $2, order_id = $3
       where id = $1`,
      [checkoutId, now, orderId],
    );
  });
  return orderId;
}
