import { contract, type OperationEntry } from '@solifyn/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { closedDb } from '../support/db';
import { type TestApi, testApi } from '../support/api';
import { conforming, createFixtures, type Fixtures, type FuzzTarget, send } from './harness';

/** Limits every operation shares: rate limit, body size, idempotency-key reuse, oversized path ids, a dead database. */
const v1 = contract().operations.filter((op) => op.path.startsWith('/v1/'));
const withBody = v1.filter((op) => op.operation.requestBody);
const posts = v1.filter((op) => op.method === 'post');
const withPathId = v1.filter((op) => op.path.includes('{'));

let api: TestApi;
let fixtures: Fixtures;
let target: FuzzTarget;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
  fixtures = await createFixtures(api);
});

function pathFor(op: OperationEntry, id?: string): string {
  const ids: Record<string, string> = {
    checkoutId: fixtures.checkoutId,
    productId: fixtures.productId,
    discountId: fixtures.discountId,
    orderId: fixtures.orderId,
    webhookEndpointId: fixtures.webhookEndpointId,
    eventId: fixtures.eventId,
    refundId: fixtures.refundId,
  };
  return op.path.replace(/\{([^}]+)\}/, (_m, name: string) => id ?? ids[name] ?? 'x');
}

/** A small body the operation accepts (or at least parses). */
function bodyFor(op: OperationEntry): unknown {
  const bodies: Record<string, unknown> = {
    createCheckoutSession: { productId: fixtures.productId },
    createProduct: { name: 'Limit test', prices: [{ currency: 'usd', amount: 1 }] },
    updateProduct: { name: 'Renamed' },
    createDiscount: { code: `LIMIT${Math.floor(Math.random() * 1e6)}`, type: 'percent', percentOff: 5 },
    createWebhookEndpoint: { url: 'http://127.0.0.1:9/hook', events: ['order.created'] },
  };
  return bodies[op.operationId];
}

describe('rate limit: every authenticated operation answers 429 with Retry-After past the limit', () => {
  it.each(v1.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    const { createApp } = await import('../../src/app');
    const limited = createApp({
      ...api.deps,
      config: { ...api.deps.config, rateLimit: { requests: 2, windowSeconds: 60 } },
    });
    target = { fetch: (req) => limited.fetch(req), key: api.account.key, otherModeKey: '', fixtures };
    const request = { method: op.method, path: pathFor(op), query: {}, headers: {}, body: bodyFor(op) };
    await send(target, request);
    await send(target, request);
    const response = await send(target, request);
    const { status, body } = await conforming(op, response);
    expect([op.operationId, status, body.code]).toEqual([op.operationId, 429, 'rate_limited']);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('body size: over 1 MiB is 413 payload_too_large', () => {
  it.each(withBody.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    target = { fetch: (req) => api.app.fetch(req), key: api.account.key, otherModeKey: '', fixtures };
    const raw = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) });
    const { status, body } = await conforming(
      op,
      await send(target, { method: op.method, path: pathFor(op), query: {}, headers: {}, raw }),
    );
    expect([op.operationId, status, body.code]).toEqual([op.operationId, 413, 'payload_too_large']);
  });
});

describe('Idempotency-Key: the same key for another request is 422 idempotency_key_reused', () => {
  it.each(posts.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    const caller = await api.newAccount();
    target = { fetch: (req) => api.app.fetch(req), key: caller.key, otherModeKey: '', fixtures };
    const headers = { 'idempotency-key': `reuse-${op.operationId}` };
    await send(target, { method: op.method, path: pathFor(op), query: {}, headers, body: bodyFor(op) });
    // Another request: another path id where there is one, else another body.
    const other = op.path.includes('{')
      ? { method: op.method, path: pathFor(op, 'other_id_0000000'), query: {}, headers, body: bodyFor(op) }
      : { method: op.method, path: pathFor(op), query: {}, headers, body: { ...(bodyFor(op) as object), zz: 1 } };
    const { status, body } = await conforming(op, await send(target, other));
    expect([op.operationId, status, body.code]).toEqual([op.operationId, 422, 'idempotency_key_reused']);
  });
});

describe('path ids: longer than the spec allows is a 400 naming the parameter', () => {
  it.each(withPathId.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    target = { fetch: (req) => api.app.fetch(req), key: api.account.key, otherModeKey: '', fixtures };
    const { status, body } = await conforming(
      op,
      await send(target, {
        method: op.method,
        path: pathFor(op, 'x'.repeat(65)),
        query: {},
        headers: {},
        body: bodyFor(op),
      }),
    );
    expect([op.operationId, status, body.code]).toEqual([op.operationId, 400, 'validation_failed']);
    expect(body.errors[0].pointer).toMatch(/^\/path\//);
  });
});

describe('health: a database that does not answer', () => {
  it('getHealth answers 503 service_unavailable', async () => {
    const { createApp } = await import('../../src/app');
    const down = createApp({ ...api.deps, db: await closedDb() });
    const op = contract().operation('getHealth');
    const { status, body } = await conforming(op, await down.request('/healthz'));
    expect([status, body.code]).toEqual([503, 'service_unavailable']);
  });
});
