import { contract } from '@solifyn/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db';
import { type TestApi, testApi } from '../support/api';
import { openScratchDb } from '../support/db';

/**
 * A bug on our side answers 500 internal_error, as every /v1 operation declares. The bug is real, not simulated: a
 * scratch database keeps only what authentication and the rate limit need and loses every other table, so each
 * handler's first query fails the way a missing migration or a typo in SQL would.
 */
const keep = ['schema_migrations', 'accounts', 'api_keys', 'rate_limit_windows', 'idempotency_keys'];

/** One request per operation, valid enough to get past validation into the handler. */
const requests: Record<string, { method: string; path: string; body?: unknown }> = {
  listCheckoutSessions: { method: 'GET', path: '/v1/checkout' },
  createCheckoutSession: { method: 'POST', path: '/v1/checkout/create', body: { productId: 'prod_Q8wErT5yUi2oPa' } },
  retrieveCheckoutSession: { method: 'GET', path: '/v1/checkout/ch_4fT9kQ2mZx7LpR' },
  expireCheckoutSession: { method: 'POST', path: '/v1/checkout/ch_4fT9kQ2mZx7LpR/expire' },
  listDiscounts: { method: 'GET', path: '/v1/discounts' },
  createDiscount: { method: 'POST', path: '/v1/discounts', body: { code: 'PROMO10', type: 'percent', percentOff: 10 } },
  retrieveDiscount: { method: 'GET', path: '/v1/discounts/disc_Nf3kW9pLq2Xz7B' },
  deactivateDiscount: { method: 'POST', path: '/v1/discounts/disc_Nf3kW9pLq2Xz7B/deactivate' },
  listEvents: { method: 'GET', path: '/v1/events' },
  redeliverEvent: { method: 'POST', path: '/v1/events/evt_Gh7Jd2Ls9Pq4Wn/redeliver' },
  listOrders: { method: 'GET', path: '/v1/orders' },
  retrieveOrder: { method: 'GET', path: '/v1/orders/ord_Vb6Hn2Jm8Kq4Lz' },
  createRefund: { method: 'POST', path: '/v1/orders/ord_Vb6Hn2Jm8Kq4Lz/refunds', body: { amount: 5 } },
  listRefunds: { method: 'GET', path: '/v1/refunds' },
  retrieveRefund: { method: 'GET', path: '/v1/refunds/re_Tq4Wz8Np2Lk6Xm' },
  listProducts: { method: 'GET', path: '/v1/products' },
  createProduct: {
    method: 'POST',
    path: '/v1/products',
    body: { name: 'Pro icon pack', prices: [{ currency: 'usd', amount: 29 }] },
  },
  retrieveProduct: { method: 'GET', path: '/v1/products/prod_Q8wErT5yUi2oPa' },
  updateProduct: { method: 'PATCH', path: '/v1/products/prod_Q8wErT5yUi2oPa', body: { name: 'Renamed' } },
  listWebhookEndpoints: { method: 'GET', path: '/v1/webhook_endpoints' },
  createWebhookEndpoint: {
    method: 'POST',
    path: '/v1/webhook_endpoints',
    body: { url: 'https://example.com/hooks', events: ['order.created'] },
  },
  retrieveWebhookEndpoint: { method: 'GET', path: '/v1/webhook_endpoints/we_Tz5Rk8Wq1Ym3Xc' },
  deleteWebhookEndpoint: { method: 'DELETE', path: '/v1/webhook_endpoints/we_Tz5Rk8Wq1Ym3Xc' },
};

let db: Db;
let api: TestApi;
beforeAll(async () => {
  db = await openScratchDb();
  api = await testApi({}, { db });
  const tables = await db.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'public' and tablename <> all($1::text[])`,
    [keep],
  );
  await db.exec(tables.map((t) => `drop table if exists "${t.name}" cascade;`).join('\n'));
});
afterAll(async () => {
  await db.close();
});

describe('500 internal_error (error): a failure on our side', () => {
  const declared = contract()
    .operations.filter((op) => op.operation.responses['500'] !== undefined)
    .map((op) => op.operationId);

  it('is declared by every /v1 operation, and each has a request here', () => {
    const v1 = contract()
      .operations.filter((op) => op.path.startsWith('/v1/'))
      .map((op) => op.operationId);
    expect(declared.sort()).toEqual(v1.sort());
    expect(Object.keys(requests).sort()).toEqual(declared.sort());
  });

  it.each(Object.entries(requests))(
    '%s: a problem document with a Request-Id, the cause only in the log',
    async (_operationId, { method, path, body }) => {
      api.logs.clear();
      const res = await api.request(method, path, { body });
      expect([res.status, res.body.code]).toEqual([500, 'internal_error']);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).toBe('Something went wrong on our side. It has been logged.');
      // The request id is random (it can spell "sql"): everything else in the body must not leak the cause.
      const { request_id: _random, ...rest } = res.body;
      expect(JSON.stringify(rest)).not.toMatch(/relation|does not exist|select|insert|update|SQL/i);
      const requestId = res.headers.get('request-id');
      expect(res.body.request_id).toBe(requestId);
      // Logged once, with the request id and the cause's stack; its access-log line says 500.
      const errors = api.logs.lines.filter((line) => line.msg === 'unhandled error');
      expect(errors).toEqual([
        expect.objectContaining({
          level: 50,
          request_id: requestId,
          err: expect.objectContaining({ stack: expect.any(String) }),
        }),
      ]);
      expect(api.logs.requests()).toEqual([expect.objectContaining({ request_id: requestId, status: 500 })]);
    },
  );

  it('is not stored for an Idempotency-Key: a retry with the same key runs again (no 409, no replay)', async () => {
    const send = () =>
      api.request('POST', '/v1/products', {
        body: requests.createProduct?.body,
        headers: { 'idempotency-key': 'retry-after-500' },
      });
    const first = await send();
    const retry = await send();
    expect([first.status, retry.status]).toEqual([500, 500]);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.request_id).not.toBe(first.body.request_id);
  });
});
