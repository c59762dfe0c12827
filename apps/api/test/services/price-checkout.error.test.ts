/** The one pricing pipeline, on the real store: what the API throws first and what the page shows per field. */
import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/failure';
import { priceCheckoutChoice } from '../../src/services/price-checkout';
import { findDiscountByCode } from '../../src/store/discounts';
import { findProduct } from '../../src/store/products';
import { type TestApi, testApi } from '../support/api';
import { discount, pwywProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

const scopeOf = (api: TestApi) => ({ accountId: api.account.account_id, mode: 'test' as const });

async function price(choice: { customPrice?: number; discountCode?: string }, unitAmountIfRefused?: number) {
  const scope = scopeOf(api);
  const created = await pwywProduct(api);
  const product = (await findProduct(api.deps.db, scope, created.id))!;
  return priceCheckoutChoice(
    product,
    { currency: undefined, quantity: 2, customPrice: choice.customPrice, discountCode: choice.discountCode },
    (key) => findDiscountByCode(api.deps.db, scope, key),
    api.deps.clock.now(),
    unitAmountIfRefused,
  );
}

describe('priceCheckoutChoice refusals', () => {
  it('reports every broken rule, the unit price first, each with the input field it concerns', async () => {
    const { failures, price: shown } = await price({ customPrice: 0.001, discountCode: 'NOPE' }, 700);
    expect(failures.every((f) => f instanceof DomainError)).toBe(true);
    expect(failures.map((f) => [f.reason, f.field?.path])).toEqual([
      ['amount_precision_exceeded', ['customPrice']],
      ['discount_not_found', ['discountCode']],
    ]);
    // Only for display: the refused unit price counts as the fallback, the unknown code as no discount.
    expect(shown).toMatchObject({ unitAmount: 700, subtotal: 1400, discountAmount: 0, discountId: null });
  });

  it('a refused discount is not applied and says why', async () => {
    const gone = await discount(api, { code: 'GONE', type: 'percent', percentOff: 10 });
    expect((await api.request('POST', `/v1/discounts/${gone.id}/deactivate`)).status).toBe(200);
    const { failures, price: shown } = await price({ customPrice: 15, discountCode: 'gone' });
    expect(failures.map((f) => f.reason)).toEqual(['discount_inactive']);
    expect(shown).toMatchObject({ unitAmount: 1500, total: 3000, discountId: null, discountCode: null });
  });
});
