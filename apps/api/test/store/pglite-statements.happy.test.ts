import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbErrorInfo, PgCode, type Db } from '../../src/store/db';
import { PgliteStatements } from '../../src/store/pglite-statements';
import { openScratchDb, testEngine } from '../support/db';

// Each query text is prepared once per PGlite and run as Bind/Execute/Sync afterwards (src/store/pglite-statements.ts).
// The value and transaction semantics are the Db tests' (db.*.test.ts, both engines); these are about the cache.
describe.runIf(testEngine() === 'pglite')('PGlite prepared statements', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openScratchDb();
  });
  afterEach(async () => {
    await db.close();
  });

  const preparedCount = async (text?: string) => {
    const [row] = await db.query<{ n: number }>(
      `select count(*) as n from pg_prepared_statements where not from_sql and ($1::text is null or statement = $1)`,
      [text ?? null],
    );
    return row!.n;
  };

  it('prepares a query text once and runs it with each call’s parameters', async () => {
    const text = 'select $1::int * 2 as doubled, $2::text as label';
    for (let i = 0; i < 20; i++) {
      expect(await db.query(text, [i, `n${i}`])).toEqual([{ doubled: i * 2, label: `n${i}` }]);
    }
    expect(await preparedCount(text)).toBe(1);
  });

  it('keeps a statement first prepared inside a transaction that rolled back', async () => {
    const text = `select count(*) as n from accounts where name = $1`;
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into accounts (id, name) values ('acct_rolledback', 'gone')`);
        expect(await tx.query(text, ['gone'])).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.query(text, ['gone'])).toEqual([{ n: 0 }]);
    expect(await preparedCount(text)).toBe(1);
  });

  it('does not keep a text that fails to parse, and the session stays usable', async () => {
    const broken = 'selec $1::int';
    const error = await db.query(broken, [1]).catch((e: unknown) => e);
    expect(dbErrorInfo(error)?.code).toBe('42601');
    expect(await preparedCount(broken)).toBe(0);
    expect(await db.query('select $1::int as one', [1])).toEqual([{ one: 1 }]);
  });

  it('a failure while executing leaves the statement and the session usable', async () => {
    const insert = `insert into accounts (id, name) values ($1, 'x')`;
    await db.query(insert, ['acct_twice']);
    const error = await db.query(insert, ['acct_twice']).catch((e: unknown) => e);
    expect(dbErrorInfo(error)?.code).toBe(PgCode.uniqueViolation);
    await db.query(insert, ['acct_other']);
    expect(await db.query(`select id from accounts where id like 'acct_%' order by id`)).toEqual([
      { id: 'acct_other' },
      { id: 'acct_twice' },
    ]);
  });

  it('still answers after the table it reads is altered (PostgreSQL re-plans it)', async () => {
    await db.exec('create table scratch_things (id int primary key, name text not null)');
    const text = 'select id, name from scratch_things where id = $1';
    await db.query(`insert into scratch_things values (1, 'one')`);
    expect(await db.query(text, [1])).toEqual([{ id: 1, name: 'one' }]);
    await db.exec('alter table scratch_things add column extra text; create index on scratch_things (name)');
    expect(await db.query(text, [1])).toEqual([{ id: 1, name: 'one' }]);
  });

  it(`runs texts beyond the first ${PgliteStatements.maxStatements} unnamed, with the same results`, async () => {
    const before = await preparedCount();
    const extra = 5;
    const room = PgliteStatements.maxStatements - before;
    for (let i = 0; i < room + extra; i++) {
      expect(await db.query(`select $1::int + ${i} as n`, [1])).toEqual([{ n: i + 1 }]);
    }
    expect(await preparedCount()).toBe(PgliteStatements.maxStatements);
    // A prepared one still runs prepared.
    expect(await db.query('select $1::int + 0 as n', [41])).toEqual([{ n: 41 }]);
  });
});
