/**
 * What one key sees through the SDK: only its own account's objects in its own mode; idempotency keys are scoped
 * to the account; the secret travels only in the Authorization header and never shows up in an error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, NotFoundError, type Solifyn } from 'solifyn';
import { type TestApi, testApi } from '../support/api';
import { payCheckout } from '../support/fixtures';
import { type SdkHarness, sdkHarness } from './sdk-client';

let api: TestApi;
let owner: SdkHarness;

beforeEach(async () => {
  api = await testApi();
  owner = sdkHarness(api);
});

afterEach(() => {
  owner.expectNoViolations();
});

async function notFoundCode(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotFoundError);
  return (error as NotFoundError).code;
}

/** One of everything, owned by the harness account. */
async function ownerObjects(solifyn: Solifyn) {
  const product = await solifyn.products.create({
    name: 'Ebook',
    pricingType: 'fixed',
    prices: [{ currency: 'usd', amount: 9 }],
  });
  const session = await solifyn.checkout.createSession({ productId: product.id, customerEmail: 'a@example.com' });
  const expiring = await solifyn.checkout.createSession({ productId: product.id });
  const discount = await solifyn.discounts.create({ code: 'OWNER10', type: 'percent', percentOff: 10 });
  const endpoint = await solifyn.webhookEndpoints.create({
    url: 'https://example.com/hook',
    events: ['checkout.expired'],
  });
  await solifyn.checkout.expire(expiring.id);
  const orderId = await payCheckout(api, session.id);
  const [event] = (await solifyn.events.list()).data;
  return { product, session, discount, endpoint, orderId, eventId: event!.id };
}

describe.each(['test', 'live'] as const)('another account (%s mode)', (mode) => {
  it('gets NotFoundError for every object of the owner, exactly as for an unknown id, and empty lists', async () => {
    const objects = await ownerObjects(owner.solifyn);
    const stranger = sdkHarness(api, { apiKey: (await api.newAccount(mode)).key });
    const s = stranger.solifyn;

    expect(await notFoundCode(s.products.retrieve(objects.product.id))).toBe('product_not_found');
    expect(await notFoundCode(s.products.update(objects.product.id, { name: 'mine now' }))).toBe('product_not_found');
    expect(await notFoundCode(s.checkout.createSession({ productId: objects.product.id }))).toBe('product_not_found');
    expect(await notFoundCode(s.checkout.retrieve(objects.session.id))).toBe('checkout_not_found');
    expect(await notFoundCode(s.checkout.retrieve(objects.session.session_id))).toBe('checkout_not_found');
    expect(await notFoundCode(s.checkout.expire(objects.session.id))).toBe('checkout_not_found');
    expect(await notFoundCode(s.discounts.retrieve(objects.discount.id))).toBe('discount_not_found');
    expect(await notFoundCode(s.discounts.deactivate(objects.discount.id))).toBe('discount_not_found');
    expect(await notFoundCode(s.orders.retrieve(objects.orderId))).toBe('order_not_found');
    expect(await notFoundCode(s.webhookEndpoints.retrieve(objects.endpoint.id))).toBe('webhook_endpoint_not_found');
    expect(await notFoundCode(s.webhookEndpoints.delete(objects.endpoint.id))).toBe('webhook_endpoint_not_found');
    expect(await notFoundCode(s.events.redeliver(objects.eventId))).toBe('event_not_found');

    const lists = await Promise.all([
      s.products.list(),
      s.checkout.list(),
      s.discounts.list(),
      s.orders.list(),
      s.webhookEndpoints.list(),
      s.events.list(),
    ]);
    for (const page of lists) expect(page.data).toEqual([]);
    stranger.expectNoViolations();

    // Nothing of the owner's changed.
    expect(await owner.solifyn.products.retrieve(objects.product.id)).toMatchObject({ name: 'Ebook' });
    expect(await owner.solifyn.discounts.retrieve(objects.discount.id)).toMatchObject({ active: true });
    expect(await owner.solifyn.checkout.retrieve(objects.session.id)).toMatchObject({ status: 'completed' });
    expect((await owner.solifyn.webhookEndpoints.list()).data).toHaveLength(1);
  });
});

describe('idempotency keys', () => {
  it('are scoped to the account: the same key from another account is a new request, not a replay', async () => {
    const mine = await owner.solifyn.products.create({
      name: 'A',
      pricingType: 'fixed',
      prices: [{ currency: 'usd', amount: 1 }],
    });
    const stranger = sdkHarness(api, { apiKey: (await api.newAccount()).key });
    const theirs = await stranger.solifyn.products.create({
      name: 'A',
      pricingType: 'fixed',
      prices: [{ currency: 'usd', amount: 1 }],
    });

    const a = await owner.solifyn.checkout.createSession({ productId: mine.id }, { idempotencyKey: 'shared-key-1' });
    const b = await stranger.solifyn.checkout.createSession(
      { productId: theirs.id },
      { idempotencyKey: 'shared-key-1' },
    );
    expect(b.id).not.toBe(a.id);
    expect(stranger.exchanges.at(-1)?.responseHeaders.get('idempotent-replayed')).toBeNull();
    expect((await stranger.solifyn.checkout.retrieve(b.id)).product_id).toBe(theirs.id);
    stranger.expectNoViolations();
  });
});

describe('the secret key', () => {
  it('travels only in the Authorization header', async () => {
    await owner.solifyn.products.list({ limit: 1 });
    await owner.solifyn.discounts.create({ code: 'HDR', type: 'percent', percentOff: 1 });
    for (const exchange of owner.exchanges) {
      expect(exchange.requestHeaders.get('authorization')).toBe(`Bearer ${api.account.key}`);
      expect(exchange.path + exchange.search).not.toContain(api.account.key);
      expect(JSON.stringify(exchange.body ?? null)).not.toContain(api.account.key);
    }
  });

  it('never appears in an error, its message, its body or its serialisation', async () => {
    const wrongKey = `${api.account.key.slice(0, -4)}XXXX`;
    const stranger = sdkHarness(api, { apiKey: wrongKey, maxRetries: 0 });
    const error = await stranger.solifyn.products.list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth.code).toBe('invalid_api_key');
    const surfaces = [auth.message, String(auth.stack), JSON.stringify(auth), JSON.stringify(auth.body)];
    for (const text of surfaces) {
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain(api.account.key);
    }
    for (const [, value] of auth.headers) expect(value).not.toContain(wrongKey);

    const notFound = await owner.solifyn.products.retrieve('prod_doesNotExist0000').then(
      () => undefined,
      (e: unknown) => e as NotFoundError,
    );
    expect(JSON.stringify(notFound) + String(notFound?.message)).not.toContain(api.account.key);
    stranger.expectNoViolations();
  });
});
