import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db';
import type { Scope } from '../../src/domain/scope';
import { insertProduct, type ProductFields } from '../../src/store/products';
import { createTestAccount, testDb } from '../support/db';

let db: Db;
let scope: Scope;
beforeEach(async () => {
  db = await testDb();
  const account = await createTestAccount('test', db);
  scope = { accountId: account.account_id, mode: 'test' };
});

const usd = (amount: number) => ({
  currency: 'usd',
  amount,
  minimumAmount: null,
  maximumAmount: null,
  suggestedAmount: null,
});

function product(prices: ProductFields['prices']): ProductFields {
  return {
    name: 'Broken',
    description: null,
    pricingType: 'fixed',
    prices,
    defaultCurrency: 'usd',
    redirectUrl: null,
    active: true,
  };
}

describe('product store: insertProduct is all or nothing', () => {
  it.each([
    ['a price the database refuses (negative amount)', [usd(-1)]],
    ['two prices in one currency', [usd(100), usd(200)]],
  ])('leaves no product behind for %s', async (_name, prices) => {
    await expect(insertProduct(db, scope, 'prod_broken', product(prices), new Date())).rejects.toThrow();
    expect(await db.query('select 1 from products where id = $1', ['prod_broken'])).toEqual([]);
    expect(await db.query('select 1 from product_prices where product_id = $1', ['prod_broken'])).toEqual([]);
  });

  it('refuses an id that is taken, keeping the first product and its prices', async () => {
    await insertProduct(db, scope, 'prod_taken', product([usd(100)]), new Date());
    await expect(insertProduct(db, scope, 'prod_taken', product([usd(999)]), new Date())).rejects.toThrow();
    expect(await db.query('select amount from product_prices where product_id = $1', ['prod_taken'])).toEqual([
      { amount: 100 },
    ]);
  });
});
