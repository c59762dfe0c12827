import { beforeEach, describe, expect, it } from 'vitest';
import {
  dbErrorInfo,
  DbClosedError,
  isUniqueViolation,
  PgCode,
  TransactionMisuseError,
  type Db,
} from '../../src/store/db';
import { createTestAccount, openScratchDb, testDb } from '../support/db';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});

describe('transaction rollback', () => {
  it('leaves nothing behind when fn throws, across several tables', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into accounts (id, name) values ('acct_rb', 'a')`);
        await tx.query(
          `insert into products (id, account_id, mode, name, pricing_type, default_currency)
           values ('prod_rb', 'acct_rb', 'test', 'P', 'fixed', 'usd')`,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('select id from accounts')).toEqual([]);
    expect(await db.query('select id from products')).toEqual([]);
  });

  it('rolls back when a statement fails and the handle stays usable', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into accounts (id, name) values ('acct_dup', 'a')`);
        await tx.query(`insert into accounts (id, name) values ('acct_dup', 'b')`);
      }),
    ).rejects.toSatisfy((err) => isUniqueViolation(err, 'accounts_pkey'));
    expect(await db.query('select id from accounts')).toEqual([]);
    await db.query(`insert into accounts (id, name) values ('acct_after', 'a')`);
    expect(await db.query('select id from accounts')).toEqual([{ id: 'acct_after' }]);
  });
});

describe('database errors', () => {
  it('exposes SQLSTATE and constraint the same way on both engines', async () => {
    const err = await db.query(`insert into accounts (id, name) values ('bad id', 'a')`).catch((e: unknown) => e);
    expect(dbErrorInfo(err)).toEqual({ code: PgCode.checkViolation, constraint: 'accounts_id_check' });
    expect(dbErrorInfo(new Error('not a db error'))).toBeUndefined();
    expect(isUniqueViolation(err)).toBe(false);
  });

  it('refuses a NUL in a text value (22021) and the next statement on the handle still gets its own values', async () => {
    const err = await db.query('select $1::text as t, $2::text as u', ['a\u0000b', 'after']).catch((e: unknown) => e);
    expect(dbErrorInfo(err)?.code).toBe('22021');
    expect(await db.query('select $1::text as t, $2::text as u', ['ok', 'after'])).toEqual([{ t: 'ok', u: 'after' }]);
  });

  it('rejects an order for another account’s product (composite foreign key)', async () => {
    const a = await createTestAccount('test', db);
    const b = await createTestAccount('test', db);
    await db.query(
      `insert into products (id, account_id, mode, name, pricing_type, default_currency)
       values ('prod_a', $1, 'test', 'P', 'fixed', 'usd')`,
      [a.account_id],
    );
    const session = crypto.randomUUID();
    // Sessions have no foreign key to products (migration 0009: a KEY SHARE lock on the product per create); the
    // request's own scope chose the product. The order written when one is paid still has it.
    await db.query(
      `insert into checkout_sessions (id, session_id, account_id, mode, product_id, status, currency, quantity,
         unit_amount, subtotal, total, expires_at)
       values ($1, 'ch_abcdefghijklmn', $2, 'test', 'prod_a', 'open', 'usd', 1, 100, 100, 100, now() + interval '1 hour')`,
      [session, a.account_id],
    );
    const insertOrder = (accountId: string, mode: string) =>
      db.query(
        `insert into orders (id, account_id, mode, checkout_id, product_id, currency, quantity, unit_amount, subtotal,
           total, customer_email)
         values ($1, $2, $3, $4, 'prod_a', 'usd', 1, 100, 100, 100, 'c@example.com')`,
        [`ord_${Math.random().toString(36).slice(2, 16)}`, accountId, mode, session],
      );
    expect(dbErrorInfo(await insertOrder(b.account_id, 'test').catch((e: unknown) => e))?.code).toBe(
      PgCode.foreignKeyViolation,
    );
    expect(dbErrorInfo(await insertOrder(a.account_id, 'live').catch((e: unknown) => e))?.code).toBe(
      PgCode.foreignKeyViolation,
    );
    await insertOrder(a.account_id, 'test');
  });

  it('refuses a checkout session with a quantity under 1 or a negative amount', async () => {
    const a = await createTestAccount('test', db);
    const insertSession = (quantity: number, amounts: [number, number, number, number]) =>
      db
        .query(
          `insert into checkout_sessions (id, session_id, account_id, mode, product_id, status, currency, quantity,
             unit_amount, subtotal, discount_amount, total, expires_at)
           values ($1, $2, $3, 'test', 'prod_a', 'open', 'usd', $4, $5, $6, $7, $8, now() + interval '1 hour')`,
          [crypto.randomUUID(), `ch_${crypto.randomUUID().replaceAll('-', '')}`, a.account_id, quantity, ...amounts],
        )
        .catch((e: unknown) => e);
    const refused = [
      await insertSession(0, [100, 0, 0, 0]),
      await insertSession(1, [-1, 0, 0, 0]),
      await insertSession(1, [100, -100, 0, 0]),
      await insertSession(1, [100, 100, -1, 101]),
      await insertSession(1, [100, 100, 200, -100]),
    ];
    // The columns' domains (migration 0012) hold the rules: the constraint is the domain's.
    expect(refused.map((err) => dbErrorInfo(err))).toEqual([
      { code: PgCode.checkViolation, constraint: 'positive_quantity_check' },
      { code: PgCode.checkViolation, constraint: 'minor_amount_check' },
      { code: PgCode.checkViolation, constraint: 'minor_amount_check' },
      { code: PgCode.checkViolation, constraint: 'minor_amount_check' },
      { code: PgCode.checkViolation, constraint: 'minor_amount_check' },
    ]);
    expect(await insertSession(1, [100, 100, 0, 100])).toEqual([]);
  });

  it('refuses a session or an idempotency key row outside its columns’ rules, on insert and on update', async () => {
    const a = await createTestAccount('test', db);
    const insertSession = (sessionId: string, mode: string, status: string, currency: string) =>
      db
        .query(
          `insert into checkout_sessions (id, session_id, account_id, mode, product_id, status, currency, quantity,
             unit_amount, subtotal, total, completed_at, expires_at)
           values ($1, $2, $3, $4, 'prod_a', $5, $6, 1, 100, 100, 100, now(), now() + interval '1 hour')`,
          [crypto.randomUUID(), sessionId, a.account_id, mode, status, currency],
        )
        .catch((e: unknown) => e);
    const sessions = [
      await insertSession('ch_bad-id', 'test', 'open', 'usd'),
      await insertSession('ch_ok1', 'prod', 'open', 'usd'),
      await insertSession('ch_ok2', 'test', 'paid', 'usd'),
      await insertSession('ch_ok3', 'test', 'open', 'USD'),
    ];
    expect(sessions.map((err) => dbErrorInfo(err))).toEqual([
      { code: PgCode.checkViolation, constraint: 'checkout_session_code_check' },
      { code: PgCode.checkViolation, constraint: 'api_mode_check' },
      { code: PgCode.checkViolation, constraint: 'checkout_status_check' },
      { code: PgCode.checkViolation, constraint: 'currency_code_check' },
    ]);
    expect(await insertSession('ch_ok4', 'test', 'completed', 'usd')).toEqual([]);
    const update = await db
      .query(`update checkout_sessions set currency = $1 where session_id = 'ch_ok4'`, ['us'])
      .catch((e: unknown) => e);
    expect(dbErrorInfo(update)).toEqual({ code: PgCode.checkViolation, constraint: 'currency_code_check' });
    // The rule that spans two columns stays the table's.
    const uncompleted = await db
      .query(`update checkout_sessions set completed_at = null where session_id = 'ch_ok4'`)
      .catch((e: unknown) => e);
    expect(dbErrorInfo(uncompleted)?.code).toBe(PgCode.checkViolation);

    const insertKey = (mode: string, key: string, status: string) =>
      db
        .query(
          `insert into idempotency_keys (account_id, mode, key, request_hash, method, path, status, response_status)
           values ($1, $2, $3, 'h', 'POST', '/v1/products', $4, 201)`,
          [a.account_id, mode, key, status],
        )
        .catch((e: unknown) => e);
    const keys = [
      await insertKey('live ', 'k1', 'completed'),
      await insertKey('test', '', 'completed'),
      await insertKey('test', 'k'.repeat(256), 'completed'),
      await insertKey('test', 'k2', 'done'),
    ];
    expect(keys.map((err) => dbErrorInfo(err))).toEqual([
      { code: PgCode.checkViolation, constraint: 'api_mode_check' },
      { code: PgCode.checkViolation, constraint: 'idempotency_key_text_check' },
      { code: PgCode.checkViolation, constraint: 'idempotency_key_text_check' },
      { code: PgCode.checkViolation, constraint: 'idempotency_key_status_check' },
    ]);
    expect(await insertKey('test', 'k'.repeat(255), 'completed')).toEqual([]);
  });

  it('enforces discount redemption limits in the schema', async () => {
    const a = await createTestAccount('test', db);
    await db.query(
      `insert into discounts (id, account_id, mode, code, code_normalized, type, percent_off, max_redemptions, times_redeemed)
       values ('disc_1', $1, 'test', 'Promo10', 'PROMO10', 'percent', 10, 1, 1)`,
      [a.account_id],
    );
    const err = await db
      .query(`update discounts set times_redeemed = times_redeemed + 1 where id = 'disc_1'`)
      .catch((e: unknown) => e);
    expect(dbErrorInfo(err)?.code).toBe(PgCode.checkViolation);
    const dup = await db
      .query(
        `insert into discounts (id, account_id, mode, code, code_normalized, type, percent_off)
         values ('disc_2', $1, 'test', 'promo10', 'PROMO10', 'percent', 5)`,
        [a.account_id],
      )
      .catch((e: unknown) => e);
    expect(isUniqueViolation(dup, 'discounts_account_id_mode_code_normalized_key')).toBe(true);
  });
});

describe('handle misuse', () => {
  it('refuses the root handle inside transaction() instead of deadlocking or escaping the transaction', async () => {
    await expect(db.transaction(() => db.query('select 1'))).rejects.toThrow(TransactionMisuseError);
    await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toThrow(TransactionMisuseError);
    expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('refuses queries after close()', async () => {
    const scratch = await openScratchDb();
    await scratch.close();
    await expect(scratch.query('select 1')).rejects.toThrow(DbClosedError);
    await scratch.close(); // idempotent
  });
});
