import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import {
  assertNeedsKey,
  assertNegative,
  assertHostile,
  assertPositive,
  conforming,
  createFixtures,
  type FuzzTarget,
  fuzzSettings,
  fuzzStats,
  mutations,
  operations,
  send,
} from './harness';

const settings = fuzzSettings();
const runs = { seed: settings.seed, numRuns: settings.numRuns };
const v1 = operations().filter((op) => op.path.startsWith('/v1/'));

let api: TestApi;
let target: FuzzTarget;
beforeEach(async () => {
  // Rate limiting off: the fuzzer is one key sending thousands of requests.
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
  const live = await import('../../src/store/accounts').then((m) =>
    m.issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id }),
  );
  target = {
    fetch: (req) => api.app.fetch(req),
    key: api.account.key,
    otherModeKey: live.secret,
    fixtures: await createFixtures(api),
  };
});

afterAll(() => {
  console.log(
    `fuzz: ${fuzzStats.requests} requests, seed ${settings.seed} (reproduce: FUZZ_SEED=${settings.seed} pnpm fuzz)`,
  );
});

describe('positive: requests valid by the schema', () => {
  it.each(v1.map((op) => [op.operationId, op] as const))('%s never answers 5xx or a schema 400', async (_id, op) => {
    await assertPositive(target, op, runs);
  });
});

describe('negative: requests the spec forbids', () => {
  it.each(v1.map((op) => [op.operationId, op] as const).filter(([, op]) => mutations(op).length > 0))(
    '%s answers a documented 4xx problem, never 2xx or 5xx',
    async (_id, op) => {
      await assertNegative(target, op, runs);
    },
  );
});

describe('hostile: NUL, lone surrogates, 10,000 characters, twins, bidi, emoji, markup, SQL in every string', () => {
  it.each(v1.map((op) => [op.operationId, op] as const))(
    '%s never answers 5xx; refused text is a 400 naming exactly it',
    async (_id, op) => {
      await assertHostile(target, op, runs);
    },
  );
});

describe('auth: no key, a bad key, a revoked key, the other mode', () => {
  it.each(v1.map((op) => [op.operationId, op] as const))(
    '%s never gives data without the right key',
    async (_id, op) => {
      const revoked = await import('../../src/store/accounts').then(async (m) => {
        const key = await m.issueApiKey(api.deps.db, { mode: 'test', accountId: api.account.account_id });
        await m.revokeApiKey(api.deps.db, { accountId: api.account.account_id, keyId: key.id });
        // Another writer's change reaches the store cache within its bound (≤ 1 s): wait for it, as a replica would.
        await api.deps.cache.sync();
        return key.secret;
      });
      await assertNeedsKey(target, op, revoked, { ...runs, numRuns: Math.max(4, Math.ceil(runs.numRuns / 3)) });
      // The other mode's key: objects of this mode do not exist for it.
      const path = op.path.replace(/\{[^}]+\}/, () => {
        const f = target.fixtures;
        return (
          {
            checkoutId: f.checkoutId,
            productId: f.productId,
            discountId: f.discountId,
            orderId: f.orderId,
            webhookEndpointId: f.webhookEndpointId,
            eventId: f.eventId,
            refundId: f.refundId,
          }[/\{([^}]+)\}/.exec(op.path)?.[1] ?? ''] ?? ''
        );
      });
      if (path !== op.path && op.method !== 'patch') {
        const { status } = await conforming(
          op,
          await send(target, { method: op.method, path, query: {}, headers: {} }, target.otherModeKey),
        );
        expect([op.operationId, status]).toEqual([op.operationId, 404]);
      }
      if (op.path.startsWith('/v1/') && op.method === 'get' && !op.path.includes('{')) {
        const { body } = await conforming(
          op,
          await send(target, { method: 'get', path: op.path, query: {}, headers: {} }, target.otherModeKey),
        );
        expect([op.operationId, body.data]).toEqual([op.operationId, []]);
      }
    },
  );
});

describe('methods: verbs the spec does not list', () => {
  const paths = [...new Set(operations().map((op) => op.path))];
  it.each(paths)('%s answers 405 with Allow for other methods', async (path) => {
    const concrete = path.replace(/\{[^}]+\}/g, 'x_fuzz');
    // Every operation whose path matches (a literal segment may also match a template: /v1/checkout/create).
    const allowed = operations()
      .filter((op) => op.pathPattern.test(concrete))
      .map((op) => op.method.toUpperCase());
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allowed.includes(m))) {
      const response = await send(target, { method, path: concrete, query: {}, headers: {} });
      expect([method, path, response.status]).toEqual([method, path, 405]);
      expect(response.headers.get('allow')?.split(', ').sort()).toEqual([...allowed].sort());
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});
