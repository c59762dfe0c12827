import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db';
import type { Scope } from '../../src/domain/scope';
import { findProduct, insertProduct, type ProductFields, updateProduct } from '../../src/store/products';
import { createTestAccount, testDb } from '../support/db';

let db: Db;
let scope: Scope;
beforeEach(async () => {
  db = await testDb();
  const account = await createTestAccount('test', db);
  scope = { accountId: account.account_id, mode: 'test' };
});

const fixed: ProductFields = {
  name: 'Pro icon pack',
  description: '1,200 icons',
  pricingType: 'fixed',
  // Not in currency order: position keeps the order they were given in.
  prices: [
    { currency: 'usd', amount: 2900, minimumAmount: null, maximumAmount: null, suggestedAmount: null },
    { currency: 'eur', amount: 2700, minimumAmount: null, maximumAmount: null, suggestedAmount: null },
    { currency: 'jpy', amount: 4500, minimumAmount: null, maximumAmount: null, suggestedAmount: null },
  ],
  defaultCurrency: 'eur',
  redirectUrl: 'https://example.com/thanks',
  active: true,
};

const payWhatYouWant: ProductFields = {
  name: 'Lo-fi loops',
  description: null,
  pricingType: 'pay_what_you_want',
  prices: [{ currency: 'usd', amount: null, minimumAmount: 500, maximumAmount: null, suggestedAmount: 1500 }],
  defaultCurrency: 'usd',
  redirectUrl: null,
  active: false,
};

describe('product store: what a write returns is what a read finds', () => {
  it.each([
    ['fixed, three currencies', fixed],
    ['pay what you want, optional bounds null', payWhatYouWant],
  ])('insertProduct (%s) returns the stored product', async (_name, fields) => {
    const now = new Date('2026-11-02T10:00:00.123Z');
    const inserted = await insertProduct(db, scope, 'prod_store1', fields, now);
    expect(inserted).toEqual({ id: 'prod_store1', mode: 'test', ...fields, createdAt: now, updatedAt: now });
    expect(await findProduct(db, scope, 'prod_store1')).toEqual(inserted);
  });

  it('insertProduct works on a transaction handle too', async () => {
    const now = new Date('2026-11-02T10:00:00Z');
    const inserted = await db.transaction((tx) => insertProduct(tx, scope, 'prod_store2', fixed, now));
    expect(await findProduct(db, scope, 'prod_store2')).toEqual(inserted);
  });

  it.each([true, false])('updateProduct (prices changed: %s) returns the stored product', async (pricesChanged) => {
    const created = new Date('2026-11-02T10:00:00Z');
    const updated = new Date('2026-11-02T11:30:00.456Z');
    await insertProduct(db, scope, 'prod_store3', fixed, created);
    const fields: ProductFields = pricesChanged
      ? { ...payWhatYouWant, active: true }
      : { ...fixed, name: 'Renamed', description: null, redirectUrl: null, active: false };
    const result = await db.transaction(async (tx) => {
      await findProduct(tx, scope, 'prod_store3', { forUpdate: true });
      return updateProduct(tx, scope, 'prod_store3', fields, updated, pricesChanged);
    });
    expect(result).toEqual({ id: 'prod_store3', mode: 'test', ...fields, createdAt: created, updatedAt: updated });
    expect(await findProduct(db, scope, 'prod_store3')).toEqual(result);
  });
});
