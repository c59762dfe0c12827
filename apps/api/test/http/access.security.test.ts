import { beforeEach, describe, expect, it } from 'vitest';
import { createFixtures, type Fixtures } from '../contract/harness';
import { call, outsiders, revokedKey, securedOperations } from '../support/access';
import { type TestApi, testApi } from '../support/api';

/**
 * The auth and ownership rules of every operation the spec secures, from the spec itself: a new operation is
 * checked the moment it is declared. Requests point at real objects of the harness account (the fixtures) and carry
 * the spec's example body, so a refusal is about the key, never about the request.
 */
const operations = securedOperations();
const withObject = operations.filter((op) => op.objectParam !== undefined);
const paged = operations.filter((op) => op.paged);

let api: TestApi;
let fixtures: Fixtures;
beforeEach(async () => {
  api = await testApi({ RATE_LIMIT_REQUESTS: '0' });
  fixtures = await createFixtures(api);
});

describe('every secured operation needs a valid key', () => {
  it.each(operations)('$operationId: 401 without a key, with an unknown or a revoked one', async (op) => {
    const missing = await call(api, fixtures, op, null);
    expect([missing.status, missing.body.code]).toEqual([401, 'missing_api_key']);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const unknown = await call(api, fixtures, op, `sk_test_${'0'.repeat(32)}`);
    expect([unknown.status, unknown.body.code]).toEqual([401, 'invalid_api_key']);
    const revoked = await call(api, fixtures, op, await revokedKey(api));
    expect([revoked.status, revoked.body.code]).toEqual([401, 'invalid_api_key']);
  });
});

describe("every object is its account's and mode's only", () => {
  it.each(withObject)('$operationId: 404 $notFoundCode for another account or mode, 2xx for the owner', async (op) => {
    for (const [who, key] of await outsiders(api)) {
      const res = await call(api, fixtures, op, key);
      expect([who, res.status, res.body.code]).toEqual([who, 404, op.notFoundCode]);
      expect(res.body.errors?.map((e: { pointer: string }) => e.pointer)).toEqual([`/path/${op.objectParam}`]);
    }
    // Last, as it may change the object (expire, deactivate, delete): the same request is the owner's to make.
    const owner = await call(api, fixtures, op, api.account.key);
    expect([op.operationId, Math.floor(owner.status / 100)]).toEqual([op.operationId, 2]);
  });

  it.each(paged)(
    "$operationId: another account or mode lists none of the owner's and cannot page after them",
    async (op) => {
      const mine = await call(api, fixtures, op, api.account.key);
      const ids: string[] = mine.body.data.map((item: { id: string }) => item.id);
      expect(ids.length).toBeGreaterThan(0);
      for (const [who, key] of await outsiders(api)) {
        const listed = await call(api, fixtures, op, key);
        expect([who, listed.status, listed.body.data]).toEqual([who, 200, []]);
        const after = await call(api, fixtures, op, key, `?startingAfter=${encodeURIComponent(ids[0]!)}`);
        expect([who, after.status, after.body.code]).toEqual([who, 400, 'invalid_cursor']);
      }
    },
  );
});
