import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomId } from '../../src/domain/ids';
import type { Db } from '../../src/store/db';
import { insertEvent } from '../../src/store/events';
import { openPostgres } from '../../src/store/postgres';
import type { TestApi } from '../support/api';
import { databaseUrlFor, testEngine, workerDatabaseName } from '../support/db';
import {
  createEndpoint,
  deliverOnce,
  emitCheckoutExpired,
  type Receiver,
  startReceiver,
  webhookApi,
  workerDeps,
} from './support';

let api: TestApi;
let receiver: Receiver;
let otherDb: Db | undefined;

beforeEach(async () => {
  api = await webhookApi();
  receiver = await startReceiver();
});

afterEach(async () => {
  await receiver.close();
  await otherDb?.close();
  otherDb = undefined;
});

/** On PostgreSQL the second worker gets its own connection pool (another replica); PGlite has one connection. */
async function secondDb(): Promise<Db> {
  if (testEngine() === 'pglite') return api.deps.db;
  otherDb = openPostgres(databaseUrlFor(workerDatabaseName()), { max: 4 });
  return otherDb;
}

describe('webhook delivery (happy): several workers on one database', () => {
  it('two workers racing over 40 deliveries make each attempt exactly once, retries included', async () => {
    for (let i = 0; i < 4; i++) await createEndpoint(api, `${receiver.url}/${i}`, ['checkout.expired']);
    const first = await emitCheckoutExpired(api);
    const [event] = (await api.request('GET', '/v1/events')).body.data;
    const scope = { accountId: api.account.account_id, mode: api.account.mode };
    const ids = [first];
    for (let i = 1; i < 10; i++) {
      const id = randomId('evt');
      ids.push(id);
      await api.deps.db.transaction((tx) =>
        insertEvent(tx, scope, { id, type: 'checkout.expired', object: event.data.object }, api.clock.now()),
      );
    }
    const a = workerDeps(api);
    const b = workerDeps(api, await secondDb());
    // Small batches so the workers interleave and contend for the same rows.
    const race = async () => {
      let attempts = 0;
      for (;;) {
        const made = await Promise.all([a, b, a, b].map((deps) => deliverOnce(deps, { concurrency: 3 })));
        attempts += made.reduce((sum, n) => sum + n, 0);
        if (made.every((n) => n === 0)) return attempts;
      }
    };

    receiver.respondWith(500);
    expect(await race()).toBe(40);
    const firstRound = receiver.hits.map((hit) => `${hit.path} ${hit.headers['webhook-id']}`);
    expect(firstRound).toHaveLength(40);
    expect(new Set(firstRound).size).toBe(40);
    expect(new Set(receiver.hits.map((hit) => hit.headers['webhook-id']))).toEqual(new Set(ids));

    receiver.respondWith(204);
    api.clock.advance(1000);
    expect(await race()).toBe(40);
    expect(receiver.hits).toHaveLength(80);
    expect(new Set(receiver.hits.slice(40).map((hit) => `${hit.path} ${hit.headers['webhook-id']}`))).toEqual(
      new Set(firstRound),
    );

    const rows = await api.deps.db.query<{ status: string; attempts: number; n: number }>(
      `select d.status, d.attempts, (select count(*)::int from event_delivery_attempts a where a.delivery_id = d.id) as n
       from event_deliveries d`,
    );
    expect(rows).toHaveLength(40);
    expect(rows.every((row) => row.status === 'succeeded' && row.attempts === 2 && row.n === 2)).toBe(true);
  });
});
