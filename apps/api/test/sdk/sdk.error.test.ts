/**
 * Failures from the real server surface as the SDK's typed errors, carrying the problem's code, status,
 * Request-Id and field pointers; permanent failures are not retried.
 */
import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  Solifyn,
  SolifynError,
  UnprocessableEntityError,
} from 'solifyn';
import { baseUrl, type SdkHarness, sdkHarness, sdkPerTest } from './sdk-client';

const t = sdkPerTest();

/**
 * Runs a call that must fail with `Class` after exactly one response (no retry), and checks that the error
 * carries that response's status and Request-Id.
 */
async function rejection<T extends APIError>(
  call: () => Promise<unknown>,
  Class: abstract new (...args: never[]) => T,
  harness: SdkHarness = t.sdk,
): Promise<T> {
  const before = harness.exchanges.length;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Class);
  expect(harness.exchanges.length - before).toBe(1);
  const response = harness.exchanges.at(-1)!;
  const apiError = error as T;
  expect(apiError.status).toBe(response.status);
  expect(apiError.requestId).toMatch(/^req_/);
  expect(apiError.requestId).toBe(response.responseHeaders.get('request-id'));
  expect(apiError.headers.get('request-id')).toBe(apiError.requestId);
  return apiError;
}

function product() {
  return t.solifyn.products.create({ name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] });
}

describe('NotFoundError', () => {
  it('product_not_found with a pointer to the path parameter', async () => {
    const { solifyn } = t;
    const error = await rejection(() => solifyn.products.retrieve('prod_doesNotExist0000'), NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'product_not_found', name: 'NotFoundError' });
    expect(error.errors).toEqual([expect.objectContaining({ pointer: '/path/productId' })]);
    expect(error.message).toContain('product_not_found');
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(SolifynError);
  });

  it('product_not_found from createSession points into the body', async () => {
    const { solifyn } = t;
    const error = await rejection(
      () => solifyn.checkout.createSession({ productId: 'prod_doesNotExist0000' }),
      NotFoundError,
    );
    expect(error.code).toBe('product_not_found');
    expect(error.errors.map((e) => e.pointer)).toEqual(['/body/productId']);
  });

  it.each([
    ['checkout.retrieve', 'checkout_not_found', (s: Solifyn) => s.checkout.retrieve('ch_doesNotExist00000')],
    ['checkout.expire', 'checkout_not_found', (s: Solifyn) => s.checkout.expire('ch_doesNotExist00000')],
    ['products.update', 'product_not_found', (s: Solifyn) => s.products.update('prod_doesNotExist0000', { name: 'x' })],
    ['discounts.retrieve', 'discount_not_found', (s: Solifyn) => s.discounts.retrieve('disc_doesNotExist0000')],
    ['discounts.deactivate', 'discount_not_found', (s: Solifyn) => s.discounts.deactivate('disc_doesNotExist0000')],
    ['orders.retrieve', 'order_not_found', (s: Solifyn) => s.orders.retrieve('ord_doesNotExist00000')],
    [
      'webhookEndpoints.retrieve',
      'webhook_endpoint_not_found',
      (s: Solifyn) => s.webhookEndpoints.retrieve('we_doesNotExist000000'),
    ],
    [
      'webhookEndpoints.delete',
      'webhook_endpoint_not_found',
      (s: Solifyn) => s.webhookEndpoints.delete('we_doesNotExist000000'),
    ],
    ['events.redeliver', 'event_not_found', (s: Solifyn) => s.events.redeliver('evt_doesNotExist00000')],
  ])('%s of an unknown id → %s', async (_, code, call) => {
    const error = await rejection(() => call(t.solifyn), NotFoundError);
    expect(error.code).toBe(code);
    expect(error.errors[0]?.pointer).toMatch(/^\/path\//);
  });
});

describe('BadRequestError', () => {
  it('validation_failed lists every problem with a JSON pointer into the request', async () => {
    const { solifyn } = t;
    const created = await product();
    const error = await rejection(
      () => solifyn.checkout.createSession({ productId: created.id, quantity: 0, customerEmail: 'not-an-email' }),
      BadRequestError,
    );
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(error.errors.map((e) => e.pointer).sort()).toEqual(['/body/customerEmail', '/body/quantity']);
    for (const fieldError of error.errors) expect(fieldError.detail).toEqual(expect.any(String));
  });

  it('validation_failed for a body the types would not allow', async () => {
    const { solifyn } = t;
    const body = { name: '', pricingType: 'fixed', prices: [], colour: 'red' } as unknown as Parameters<
      Solifyn['products']['create']
    >[0];
    const error = await rejection(() => solifyn.products.create(body), BadRequestError);
    expect(error.code).toBe('validation_failed');
    const pointers = error.errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/name', '/body/prices', '/body/colour']));
  });

  it('validation_failed for a query parameter out of range', async () => {
    const { solifyn } = t;
    const error = await rejection(() => solifyn.products.list({ limit: 1000 }), BadRequestError);
    expect(error.errors.map((e) => e.pointer)).toEqual(['/query/limit']);
  });
});

describe('UnprocessableEntityError', () => {
  it('currency_not_supported when the product has no price in that currency', async () => {
    const { solifyn } = t;
    const created = await product();
    const error = await rejection(
      () => solifyn.checkout.createSession({ productId: created.id, currency: 'gbp' }),
      UnprocessableEntityError,
    );
    expect(error).toMatchObject({ status: 422, code: 'currency_not_supported' });
    expect(error.errors.map((e) => e.pointer)).toContain('/body/currency');
  });

  it('idempotency_key_reused when one key is sent with another body', async () => {
    const { solifyn } = t;
    const created = await product();
    await solifyn.checkout.createSession({ productId: created.id, quantity: 1 }, { idempotencyKey: 'order-42' });
    const error = await rejection(
      () => solifyn.checkout.createSession({ productId: created.id, quantity: 2 }, { idempotencyKey: 'order-42' }),
      UnprocessableEntityError,
    );
    expect(error.code).toBe('idempotency_key_reused');
  });
});

describe('AuthenticationError', () => {
  it('invalid_api_key for an unknown key, with the challenge header', async () => {
    const { api } = t;
    const stranger = sdkHarness(api, { apiKey: 'sk_test_doesNotExistAtAll000000000' });
    const error = await rejection(() => stranger.solifyn.products.list(), AuthenticationError, stranger);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(error.headers.get('www-authenticate')).toMatch(/^Bearer/);
    stranger.expectNoViolations();
  });

  it('a missing key fails at construction, before any request', () => {
    const saved = process.env.SOLIFYN_API_KEY;
    delete process.env.SOLIFYN_API_KEY;
    try {
      expect(() => new Solifyn({ baseUrl, fetch: t.sdk.fetch })).toThrow(SolifynError);
    } finally {
      if (saved !== undefined) process.env.SOLIFYN_API_KEY = saved;
    }
    expect(t.sdk.exchanges).toHaveLength(0);
  });
});

describe('ConflictError', () => {
  it('checkout_not_open when expiring a session twice — surfaced at once, not retried', async () => {
    const { solifyn } = t;
    const created = await product();
    const session = await solifyn.checkout.createSession({ productId: created.id });
    await solifyn.checkout.expire(session.id);
    const error = await rejection(() => solifyn.checkout.expire(session.id), ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'checkout_not_open' });
  });

  it('checkout_not_open when updating an expired session, pointing at checkoutId', async () => {
    const { solifyn } = t;
    const created = await product();
    const session = await solifyn.checkout.createSession({ productId: created.id });
    await solifyn.checkout.expire(session.id);
    const error = await rejection(
      () => solifyn.checkout.createSession({ productId: created.id, checkoutId: session.id, quantity: 2 }),
      ConflictError,
    );
    expect(error.code).toBe('checkout_not_open');
    expect(error.errors.map((e) => e.pointer)).toEqual(['/body/checkoutId']);
  });

  it('discount_code_taken is not retried either', async () => {
    const { solifyn } = t;
    await solifyn.discounts.create({ code: 'SPRING', type: 'percent', percentOff: 10 });
    const error = await rejection(
      () => solifyn.discounts.create({ code: 'spring', type: 'percent', percentOff: 20 }),
      ConflictError,
    );
    expect(error.code).toBe('discount_code_taken');
  });
});
