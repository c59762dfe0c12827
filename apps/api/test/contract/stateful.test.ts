import { contract } from '@solifyn/contract';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { conforming, createFixtures, type FuzzTarget, fuzzSettings, send, validRequest } from './harness';

const { seed, numRuns } = fuzzSettings();
const runs = { seed, numRuns: Math.max(5, Math.ceil(numRuns / 2)) };

let api: TestApi;
let target: FuzzTarget;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
  target = {
    fetch: (req) => api.app.fetch(req),
    key: api.account.key,
    otherModeKey: '',
    fixtures: await createFixtures(api),
  };
});

const op = (id: string) => contract().operation(id);
/** Creations that succeeded per chain: a chain whose creates all failed would prove nothing. */
const created = new Map<string, number>();
const count = (chain: string) => created.set(chain, (created.get(chain) ?? 0) + 1);
async function call(operationId: string, path: string, body?: unknown, query: Record<string, string> = {}) {
  const operation = op(operationId);
  return conforming(operation, await send(target, { method: operation.method, path, query, headers: {}, body }));
}

type Body = Record<string, any>;

/**
 * Turns a schema-valid body into one the business rules accept too (the fields a pricing or discount type takes,
 * a product that exists), keeping everything else generated: chains should mostly get past creation.
 */
const businessValid: Record<string, (body: Body) => Body> = {
  createProduct: (body) => ({
    ...body,
    prices: (body.prices as Body[]).map((price) =>
      body.pricingType === 'pay_what_you_want'
        ? { currency: price.currency, minimumAmount: 1, suggestedAmount: 2, maximumAmount: 100 }
        : { currency: price.currency, amount: Math.round((price.amount ?? 5) * 100) / 100 },
    ),
    defaultCurrency: undefined,
  }),
  createCheckoutSession: ({ checkoutId: _c, customPrice: _p, currency: _cur, ...body }) => ({
    ...body,
    productId: target.fixtures.productId,
  }),
  createDiscount: ({ percentOff, amountOff: _a, currency: _c, expiresAt: _e, productId: _p, ...body }) =>
    body.type === 'percent'
      ? { ...body, percentOff: Math.round(percentOff ?? 10) }
      : { ...body, amountOff: 2, currency: 'usd' },
};

/** Pages through a list until `id` shows up (or the list ends). */
async function listed(operationId: string, path: string, id: string): Promise<boolean> {
  let cursor: string | null = null;
  do {
    const page = await call(operationId, path, undefined, {
      limit: '100',
      ...(cursor ? { startingAfter: cursor } : {}),
    });
    if (page.body.data.some((item: { id: string }) => item.id === id)) return true;
    cursor = page.body.next_cursor;
  } while (cursor);
  return false;
}

describe('stateful: what is created is visible at once, and changes stick', () => {
  afterEach(({ task }) => {
    const chain = task.name.split(':')[0]!;
    expect(created.get(chain) ?? 0, `no ${chain} was ever created: the chain proved nothing`).toBeGreaterThan(0);
  });

  it('products: create → retrieve → list → update → retrieve', async () => {
    const create = validRequest(op('createProduct'), target.fixtures);
    const update = validRequest(op('updateProduct'), target.fixtures);
    await fc.assert(
      fc.asyncProperty(create, update, async (createRequest, updateRequest) => {
        const product = await call(
          'createProduct',
          '/v1/products',
          businessValid.createProduct!(createRequest.body as Body),
        );
        if (product.status !== 201) return; // a documented business rejection; the positive fuzzer covers those
        count('products');
        const id = product.body.id;
        expect((await call('retrieveProduct', `/v1/products/${id}`)).body).toEqual(product.body);
        expect(await listed('listProducts', '/v1/products', id)).toBe(true);
        const patch = updateRequest.body as Record<string, unknown>;
        const updated = await call('updateProduct', `/v1/products/${id}`, patch);
        const after = await call('retrieveProduct', `/v1/products/${id}`);
        if (updated.status !== 200) {
          expect(after.body).toEqual(product.body); // a rejected update changes nothing
          return;
        }
        expect(after.body).toEqual(updated.body);
        if (patch.name !== undefined) expect(after.body.name).toBe(patch.name);
        if (patch.active !== undefined) expect(after.body.active).toBe(patch.active);
        if (patch.description !== undefined) expect(after.body.description).toBe(patch.description);
      }),
      runs,
    );
  });

  it('checkout: create → retrieve → list → expire → retrieve', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest(op('createCheckoutSession'), target.fixtures), async (request) => {
        const session = await call(
          'createCheckoutSession',
          '/v1/checkout/create',
          businessValid.createCheckoutSession!(request.body as Body),
        );
        if (session.status !== 201) return;
        count('checkout');
        const { id, session_id } = session.body;
        const read = await call('retrieveCheckoutSession', `/v1/checkout/${session_id}`);
        expect(read.body).toMatchObject({ id, session_id, status: 'open' });
        expect(await listed('listCheckoutSessions', '/v1/checkout', id)).toBe(true);
        expect((await call('expireCheckoutSession', `/v1/checkout/${id}/expire`)).status).toBe(200);
        expect((await call('retrieveCheckoutSession', `/v1/checkout/${id}`)).body.status).toBe('expired');
        expect((await call('expireCheckoutSession', `/v1/checkout/${id}/expire`)).status).toBe(409);
      }),
      runs,
    );
  });

  it('discounts: create → retrieve → list → deactivate → retrieve', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest(op('createDiscount'), target.fixtures), async (request) => {
        const discount = await call(
          'createDiscount',
          '/v1/discounts',
          businessValid.createDiscount!(request.body as Body),
        );
        if (discount.status !== 201) return;
        count('discounts');
        const id = discount.body.id;
        expect((await call('retrieveDiscount', `/v1/discounts/${id}`)).body).toEqual(discount.body);
        expect(await listed('listDiscounts', '/v1/discounts', id)).toBe(true);
        expect((await call('deactivateDiscount', `/v1/discounts/${id}/deactivate`)).body.active).toBe(false);
        expect((await call('retrieveDiscount', `/v1/discounts/${id}`)).body.active).toBe(false);
      }),
      runs,
    );
  });

  it('webhook endpoints: create → retrieve → list → delete → gone', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest(op('createWebhookEndpoint'), target.fixtures), async (request) => {
        const endpoint = await call('createWebhookEndpoint', '/v1/webhook_endpoints', request.body);
        if (endpoint.status !== 201) return;
        count('webhook endpoints');
        const { secret, ...visible } = endpoint.body;
        expect(secret).toMatch(/^whsec_/);
        expect((await call('retrieveWebhookEndpoint', `/v1/webhook_endpoints/${visible.id}`)).body).toEqual(visible);
        expect(await listed('listWebhookEndpoints', '/v1/webhook_endpoints', visible.id)).toBe(true);
        expect((await call('deleteWebhookEndpoint', `/v1/webhook_endpoints/${visible.id}`)).status).toBe(200);
        expect((await call('retrieveWebhookEndpoint', `/v1/webhook_endpoints/${visible.id}`)).status).toBe(404);
        expect(await listed('listWebhookEndpoints', '/v1/webhook_endpoints', visible.id)).toBe(false);
      }),
      runs,
    );
  });
});
