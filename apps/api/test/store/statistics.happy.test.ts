import { describe, expect, it } from 'vitest';
import { findCheckoutSession } from '../../src/store/checkout-sessions';
import { startStatisticsJob } from '../../src/jobs/statistics';
import type { Db } from '../../src/store/db';
import { analyzeStaleTables } from '../../src/store/statistics';
import { testEngine } from '../support/db';
import { testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

/** Copies of each session, `copies` times over. */
async function growSessions(db: Db, copies: number): Promise<void> {
  await db.query(
    `insert into checkout_sessions
     select (jsonb_populate_record(null::checkout_sessions, to_jsonb(s) || jsonb_build_object(
       'id', gen_random_uuid(), 'session_id', 'ch_' || md5(s.id::text || n::text)))).*
     from checkout_sessions s, generate_series(1, $1::int) n`,
    [copies],
  );
}

// PGlite has no autovacuum: the statistics job analyses the tables that grew (src/jobs/statistics.ts). PostgreSQL's own
// autovacuum does it on a server, so this runs on PGlite.
describe.runIf(testEngine() === 'pglite')('planner statistics on PGlite', () => {
  it('a session lookup planned while the table was small uses the primary key once the grown table is analysed', async () => {
    const api = await testApi();
    const { db } = api.deps;
    const product = await fixedProduct(api);
    const created = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const scope = { accountId: api.account.account_id, mode: api.account.mode };
    // Planned (and, after five runs, cached as a generic plan) while the account has one session.
    for (let i = 0; i < 10; i++) expect(await findCheckoutSession(db, scope, created.body.id)).not.toBeNull();
    await growSessions(db, 3000);
    const plan = async () => {
      const [statement] = await db.query<{ name: string }>(
        `select name from pg_prepared_statements where not from_sql and statement like 'select % from checkout_sessions where id = $1::uuid and account_id = $2 and mode = $3'`,
      );
      const rows = await db.query<{ 'QUERY PLAN': string }>(
        `explain execute ${statement!.name}('${created.body.id}', '${scope.accountId}', '${scope.mode}')`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    // Through one of the account's indexes: every one of the account's sessions is scanned for the id.
    expect(await plan()).not.toContain('checkout_sessions_pkey');

    expect(await analyzeStaleTables(db)).toContain('checkout_sessions');
    expect(await plan()).toContain('checkout_sessions_pkey');
    expect(await findCheckoutSession(db, scope, created.body.id)).toMatchObject({ id: created.body.id });
    // Analysed tables are fresh until they grow again by a tenth.
    expect(await analyzeStaleTables(db)).not.toContain('checkout_sessions');
  });

  it('the statistics job analyses a table within an interval of its growth, and logs only the runs that did', async () => {
    const api = await testApi();
    const product = await fixedProduct(api);
    await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await growSessions(api.deps.db, 500);
    api.logs.clear();
    const job = startStatisticsJob(api.deps, 50)!;
    try {
      await expect
        .poll(() => api.logs.lines.filter((line) => line.msg === 'job run' && line.job === 'statistics'), {
          timeout: 10_000,
        })
        .toEqual([expect.objectContaining({ analyzed_tables: expect.arrayContaining(['checkout_sessions']) })]);
      // Nothing grew since: the runs that follow analyse nothing and write no line.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(api.logs.lines.filter((line) => line.job === 'statistics')).toHaveLength(1);
    } finally {
      await job.stop();
    }
  });
});

describe.runIf(testEngine() === 'postgres')('planner statistics on PostgreSQL', () => {
  it('are left to the server’s autovacuum: no statistics job', async () => {
    const api = await testApi();
    expect(startStatisticsJob(api.deps)).toBeNull();
  });
});
