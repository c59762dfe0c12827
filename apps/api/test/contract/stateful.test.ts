import { contract } from '@solifyn/contract';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import {
  businessShape,
  conforming,
  createFixtures,
  type FuzzTarget,
  fuzzSettings,
  hostileRequest,
  send,
  validRequest,
} from './harness';

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

/**
 * Bodies valid by the schema, or (as often) with hostile text in their strings: what is stored must come back
 * exactly as sent — no normalisation, trimming or truncation — or be refused with a documented 4xx.
 */
const request = (operationId: string) =>
  fc.oneof(validRequest(op(operationId), target.fixtures), hostileRequest(op(operationId), target.fixtures));

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
    const create = request('createProduct');
    const update = request('updateProduct');
    await fc.assert(
      fc.asyncProperty(create, update, async (createRequest, updateRequest) => {
        const product = await call(
          'createProduct',
          '/v1/products',
          businessShape('createProduct', createRequest.body, target.fixtures),
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
      fc.asyncProperty(request('createCheckoutSession'), async (request) => {
        const session = await call(
          'createCheckoutSession',
          '/v1/checkout/create',
          businessShape('createCheckoutSession', request.body, target.fixtures),
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
      fc.asyncProperty(request('createDiscount'), async (request) => {
        const discount = await call(
          'createDiscount',
          '/v1/discounts',
          businessShape('createDiscount', request.body, target.fixtures),
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
      fc.asyncProperty(request('createWebhookEndpoint'), async (request) => {
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
