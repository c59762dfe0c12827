import { buildPrices } from './domain/products';
import { randomId } from './domain/ids';
import { issueApiKey } from './store/accounts';
import type { Db } from './store/db';
import { insertDiscount } from './store/discounts';
import { insertProduct } from './store/products';

export interface DemoData {
  accountId: string;
  key: string;
  fixedProductId: string;
  pwywProductId: string;
  discountCode: string;
}

/**
 * On an empty store, a demo account to try the API with: a test key, a fixed-price product, a pay-what-you-want
 * product and the discount PROMO10. Returns null when the store already has an account (the key is only ever
 * shown once, at creation).
 */
export async function seedDemoData(db: Db, now: Date): Promise<DemoData | null> {
  return db.transaction(async (tx) => {
    // Serialises concurrent first starts of several replicas on one PostgreSQL.
    if (tx.engine === 'postgres') await tx.query('select pg_advisory_xact_lock(4242)');
    const [existing] = await tx.query('select 1 from accounts limit 1');
    if (existing) return null;
    const key = await issueApiKey(tx, { mode: 'test' });
    const scope = { accountId: key.accountId, mode: 'test' as const };
    const fixedPrices = buildPrices('fixed', [
      { currency: 'usd', amount: 29 },
      { currency: 'eur', amount: 27 },
    ]);
    const fixed = await insertProduct(
      tx,
      scope,
      randomId('prod'),
      {
        name: 'Pro icon pack',
        description: '1,200 hand-drawn SVG icons in 3 weights.',
        pricingType: 'fixed',
        prices: fixedPrices,
        defaultCurrency: 'usd',
        redirectUrl: null,
        active: true,
      },
      now,
    );
    const pwyw = await insertProduct(
      tx,
      scope,
      randomId('prod'),
      {
        name: 'Lo-fi sample pack',
        description: 'Pay what you want — 300 royalty-free loops.',
        pricingType: 'pay_what_you_want',
        prices: buildPrices('pay_what_you_want', [
          { currency: 'usd', minimumAmount: 5, maximumAmount: 100, suggestedAmount: 15 },
        ]),
        defaultCurrency: 'usd',
        redirectUrl: null,
        active: true,
      },
      now,
    );
    await insertDiscount(
      tx,
      scope,
      randomId('disc'),
      {
        code: 'PROMO10',
        type: 'percent',
        percentOffHundredths: 1000,
        amountOff: null,
        currency: null,
        expiresAt: null,
        maxRedemptions: null,
        productId: null,
      },
      now,
    );
    return {
      accountId: key.accountId,
      key: key.secret,
      fixedProductId: fixed.id,
      pwywProductId: pwyw.id,
      discountCode: 'PROMO10',
    };
  });
}
