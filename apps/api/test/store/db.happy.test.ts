import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db';
import { createTestAccount, testDb, testEngine } from '../support/db';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});

describe('Db values are the same on both engines', () => {
  it('runs on the engine of the vitest project', () => {
    expect(db.engine).toBe(testEngine());
  });

  it('returns int8 as number, numeric as string, timestamptz as Date, jsonb parsed, arrays, bytea as Buffer', async () => {
    const [row] = await db.query<Record<string, unknown>>(
      `select 9007199254740991::int8 as max_safe, 9007199254740993::int8 as beyond, count(*) as n,
              12.50::numeric(5,2) as pct, '2026-01-02T03:04:05.678Z'::timestamptz as ts,
              '{"a":[1,{"b":null}]}'::jsonb as doc, array['x','y']::text[] as tags,
              '\\x00ff'::bytea as bytes, 7::int4 as i4, true as flag, null::text as nothing`,
    );
    expect(row).toEqual({
      max_safe: 9007199254740991,
      beyond: 9007199254740993n,
      n: 1,
      pct: '12.50',
      ts: new Date('2026-01-02T03:04:05.678Z'),
      doc: { a: [1, { b: null }] },
      tags: ['x', 'y'],
      bytes: Buffer.from([0, 255]),
      i4: 7,
      flag: true,
      nothing: null,
    });
  });

  it('binds numbers, Dates, objects, strings, arrays and undefined the same way', async () => {
    const { account_id } = await createTestAccount('test', db);
    const when = new Date('2030-05-06T07:08:09.010Z');
    await db.query(
      `insert into events (id, account_id, mode, type, payload, created_at) values ($1, $2, 'test', 'order.created', $3, $4)`,
      ['evt_object', account_id, { amount: 1500, nested: { ok: true } }, when],
    );
    // A JS string bound to jsonb is a JSON string, not raw JSON text.
    await db.query(
      `insert into events (id, account_id, mode, type, payload) values ($1, $2, 'test', 'order.created', $3)`,
      ['evt_string', account_id, '{"not":"parsed"}'],
    );
    const rows = await db.query<{ id: string; payload: unknown; created_at: Date }>(
      'select id, payload, created_at from events where account_id = $1 and mode = $2 order by id',
      [account_id, 'test'],
    );
    expect(rows).toEqual([
      { id: 'evt_object', payload: { amount: 1500, nested: { ok: true } }, created_at: when },
      { id: 'evt_string', payload: '{"not":"parsed"}', created_at: expect.any(Date) },
    ]);

    await db.query(
      `insert into webhook_endpoints (id, account_id, mode, url, events, description, secret)
       values ('we_1', $1, 'test', 'http://localhost/hook', $2, $3, 'whsec_x')`,
      [account_id, ['checkout.completed', 'order.created'], undefined],
    );
    const [endpoint] = await db.query<{ events: string[]; description: string | null }>(
      'select events, description from webhook_endpoints where id = $1',
      ['we_1'],
    );
    expect(endpoint).toEqual({ events: ['checkout.completed', 'order.created'], description: null });
  });

  it('binds 28 text values byte for byte: 1- to 4-byte UTF-8, 10,000 characters, empty and NULL beside each other', async () => {
    // 28 parameters: as many as the keyed checkout create binds. Each value's length is written before its bytes.
    const values = Array.from({ length: 28 }, (_, i) =>
      i % 7 === 0 ? null : i % 7 === 1 ? '' : i % 7 === 2 ? 'é€😀'.repeat(3334).slice(0, 10_000) : `v${i}-ñ€😀`,
    );
    const list = values.map((_, i) => `$${i + 1}::text as c${i}`).join(', ');
    const [row] = await db.query<Record<string, string | null>>(`select ${list}`, values);
    expect(Object.values(row!)).toEqual(values);
    const lengths = await db.query<{ chars: number; bytes: number }>(
      'select char_length($1::text) as chars, octet_length($1::text) as bytes',
      [values[2]],
    );
    expect(lengths).toEqual([{ chars: [...values[2]!].length, bytes: Buffer.byteLength(values[2]!) }]);
  });

  it('keeps bigint amounts exact as numbers', async () => {
    const { account_id } = await createTestAccount('live', db);
    await db.query(
      `insert into products (id, account_id, mode, name, pricing_type, default_currency) values ('prod_1', $1, 'live', 'P', 'fixed', 'usd')`,
      [account_id],
    );
    await db.query(
      `insert into product_prices (product_id, currency, amount, position) values ('prod_1', 'usd', $1, 0)`,
      [900_719_925_474_099],
    );
    const [price] = await db.query<{ amount: number }>('select amount from product_prices where product_id = $1', [
      'prod_1',
    ]);
    expect(price!.amount).toBe(900_719_925_474_099);
  });
});

describe('transactions', () => {
  it('commits what fn wrote and returns its value', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query(`insert into accounts (id, name) values ('acct_tx1', 'a')`);
      return 42;
    });
    expect(result).toBe(42);
    expect(await db.query('select id from accounts')).toEqual([{ id: 'acct_tx1' }]);
  });

  it('a nested transaction() call runs inside the same transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.transaction((inner) => inner.query(`insert into accounts (id, name) values ('acct_nested', 'a')`));
        throw new Error('abort outer');
      }),
    ).rejects.toThrow('abort outer');
    expect(await db.query('select id from accounts')).toEqual([]);
  });

  it('a query issued outside an open transaction neither sees nor joins it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedInTx = new Promise<void>((resolve) => (inserted = resolve));

    const tx = db.transaction(async (t) => {
      await t.query(`insert into accounts (id, name) values ('acct_uncommitted', 'a')`);
      inserted();
      await gate;
      throw new Error('rollback');
    });
    await insertedInTx;
    // Issued while the transaction is open: on PGlite it must wait for it, on PostgreSQL it runs on another
    // connection. Either way it must not see the uncommitted row, and its own write must survive the rollback.
    const outsideWrite = db.query(`insert into accounts (id, name) values ('acct_outside', 'b')`);
    const outsideRead = db.query<{ id: string }>('select id from accounts order by id');
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await expect(tx).rejects.toThrow('rollback');
    await outsideWrite;
    const seen = (await outsideRead).map((r) => r.id);
    expect(seen).not.toContain('acct_uncommitted');
    expect(await db.query('select id from accounts order by id')).toEqual([{ id: 'acct_outside' }]);
  });

  it('serialises concurrent transactions without losing updates', async () => {
    await db.query(`insert into accounts (id, name) values ('acct_counter', '0')`);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ name: string }>(
            `select name from accounts where id = 'acct_counter' for update`,
          );
          await tx.query(`update accounts set name = $1 where id = 'acct_counter'`, [String(Number(row!.name) + 1)]);
        }),
      ),
    );
    expect(await db.query(`select name from accounts where id = 'acct_counter'`)).toEqual([{ name: '10' }]);
  });
});
