import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct, pwywProduct } from '../support/fixtures';

let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});

async function create(body: Record<string, unknown>) {
  return api.request('POST', '/v1/checkout/create', { body });
}

function pointers(res: { body: { errors?: { pointer: string }[] } }): string[] {
  return (res.body.errors ?? []).map((e) => e.pointer);
}

describe('checkout create: schema rejections list every problem with a pointer', () => {
  it.each([
    ['quantity 0', { quantity: 0 }, '/body/quantity'],
    ['quantity 101', { quantity: 101 }, '/body/quantity'],
    ['quantity 1.5', { quantity: 1.5 }, '/body/quantity'],
    ['quantity negative', { quantity: -1 }, '/body/quantity'],
    ['quantity as string', { quantity: '2' }, '/body/quantity'],
    ['currency upper case', { currency: 'USD' }, '/body/currency'],
    ['customerEmail invalid', { customerEmail: 'not-an-email' }, '/body/customerEmail'],
    ['customFields value not a string', { customFields: { userId: 42 } }, '/body/customFields/userId'],
    ['customFields value too long', { customFields: { note: 'x'.repeat(501) } }, '/body/customFields/note'],
    ['checkoutData not an object', { checkoutData: [1, 2] }, '/body/checkoutData'],
    ['aff with spaces', { aff: 'partner abc' }, '/body/aff'],
    ['checkoutId not a uuid', { checkoutId: 'ch_123' }, '/body/checkoutId'],
    ['customPrice negative', { customPrice: -1 }, '/body/customPrice'],
    ['unknown property', { coupon: 'X' }, '/body/coupon'],
  ])('%s → 400 validation_failed', async (_name, change, pointer) => {
    const res = await create({ productId: product.id, ...change });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(pointers(res)).toContain(pointer);
  });

  it('rejects more than 20 custom fields', async () => {
    const customFields = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 'v']));
    const res = await create({ productId: product.id, customFields });
    expect(res.status).toBe(400);
    expect(pointers(res)).toContain('/body/customFields');
  });

  it('reports every problem at once', async () => {
    const res = await api.request('POST', '/v1/checkout/create', {
      body: { quantity: 0, customerEmail: 'nope', aff: '' },
    });
    expect(res.status).toBe(400);
    expect(pointers(res)).toEqual(
      expect.arrayContaining(['/body/productId', '/body/quantity', '/body/customerEmail', '/body/aff']),
    );
  });

  it('rejects checkoutData over 8 KiB and deeper than 5 levels', async () => {
    const big = await create({ productId: product.id, checkoutData: { blob: 'x'.repeat(9000) } });
    expect([big.status, big.body.code]).toEqual([400, 'checkout_data_too_large']);
    const deep = await create({ productId: product.id, checkoutData: { a: { b: { c: { d: { e: { f: 1 } } } } } } });
    expect([deep.status, deep.body.code]).toEqual([400, 'checkout_data_too_deep']);
  });
});

describe('checkout create: business rules', () => {
  it('404 product_not_found for an unknown product', async () => {
    const res = await create({ productId: 'prod_doesnotexist0000' });
    expect([res.status, res.body.code]).toEqual([404, 'product_not_found']);
  });

  it('404 product_not_found for an archived product', async () => {
    await api.request('PATCH', `/v1/products/${product.id}`, { body: { active: false } });
    const res = await create({ productId: product.id });
    expect([res.status, res.body.code]).toEqual([404, 'product_not_found']);
  });

  it('422 currency_not_supported for a currency the product is not priced in', async () => {
    const res = await create({ productId: product.id, currency: 'gbp' });
    expect([res.status, res.body.code]).toEqual([422, 'currency_not_supported']);
  });

  it('400 custom_price_not_allowed on a fixed-price product', async () => {
    const res = await create({ productId: product.id, customPrice: 15 });
    expect([res.status, res.body.code]).toEqual([400, 'custom_price_not_allowed']);
  });

  it('422 below minimum / above maximum, 400 for too much precision on pay-what-you-want', async () => {
    const pwyw = await pwywProduct(api);
    const low = await create({ productId: pwyw.id, customPrice: 4.99 });
    const high = await create({ productId: pwyw.id, customPrice: 100.01 });
    const precise = await create({ productId: pwyw.id, customPrice: 15.001 });
    expect([low.status, low.body.code]).toEqual([422, 'custom_price_below_minimum']);
    expect([high.status, high.body.code]).toEqual([422, 'custom_price_above_maximum']);
    expect([precise.status, precise.body.code]).toEqual([400, 'amount_precision_exceeded']);
  });

  it('404 discount_not_found for an unknown code', async () => {
    const res = await create({ productId: product.id, discountCode: 'NOPE' });
    expect([res.status, res.body.code]).toEqual([404, 'discount_not_found']);
  });

  it('422 with a distinct code for each unusable discount', async () => {
    const other = await pwywProduct(api);
    await discount(api, { code: 'SOON', type: 'percent', percentOff: 10, expiresAt: '2026-11-24T13:00:00Z' });
    await discount(api, { code: 'OTHER', type: 'percent', percentOff: 10, productId: other.id });
    await discount(api, { code: 'EUROS', type: 'fixed_amount', amountOff: 2, currency: 'eur' });
    const off = await discount(api, { code: 'OFF', type: 'percent', percentOff: 10 });
    await api.request('POST', `/v1/discounts/${off.id}/deactivate`);
    api.clock.advance(2 * 3600 * 1000);
    const cases: [string, string][] = [
      ['SOON', 'discount_expired'],
      ['OTHER', 'discount_not_applicable'],
      ['EUROS', 'discount_currency_mismatch'],
      ['OFF', 'discount_inactive'],
    ];
    for (const [code, expected] of cases) {
      const res = await create({ productId: product.id, discountCode: code });
      expect([code, res.status, res.body.code]).toEqual([code, 422, expected]);
    }
  });

  it('422 discount_exhausted once the redemption limit is reached', async () => {
    const limited = await discount(api, { code: 'ONCE', type: 'percent', percentOff: 10, maxRedemptions: 1 });
    await api.deps.db.query('update discounts set times_redeemed = 1 where id = $1', [limited.id]);
    // Another writer's change reaches the store cache within its bound (≤ 1 s): wait for it, as a replica would.
    await api.deps.cache.sync();
    const res = await create({ productId: product.id, discountCode: 'ONCE' });
    expect([res.status, res.body.code]).toEqual([422, 'discount_exhausted']);
  });

  it('checkoutId: 404 unknown, 409 not open, 422 other product', async () => {
    const unknown = await create({ productId: product.id, checkoutId: '019e56ba-9832-72ae-9c4f-2b7e5d1a8f03' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'checkout_not_found']);

    const session = await create({ productId: product.id });
    const other = await pwywProduct(api);
    const mismatch = await create({ productId: other.id, checkoutId: session.body.id });
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'checkout_product_mismatch']);

    await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
    const closed = await create({ productId: product.id, checkoutId: session.body.id });
    expect([closed.status, closed.body.code]).toEqual([409, 'checkout_not_open']);
  });

  it('409 checkout_not_open for a session past its 24 h', async () => {
    const session = await create({ productId: product.id });
    api.clock.advance(24 * 3600 * 1000);
    const res = await create({ productId: product.id, checkoutId: session.body.id });
    expect([res.status, res.body.code]).toEqual([409, 'checkout_not_open']);
  });
});

describe('checkout retrieve / expire / list errors', () => {
  it('404 checkout_not_found for unknown ids of either form', async () => {
    for (const id of ['019e56ba-9832-72ae-9c4f-2b7e5d1a8f03', 'ch_doesnotexist000', 'garbage']) {
      const res = await api.request('GET', `/v1/checkout/${id}`);
      expect([id, res.status, res.body.code]).toEqual([id, 404, 'checkout_not_found']);
    }
  });

  it('409 checkout_not_open when expiring a session already past its 24 h', async () => {
    const session = await create({ productId: product.id });
    api.clock.advance(24 * 3600 * 1000 + 1);
    const res = await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
    expect([res.status, res.body.code]).toEqual([409, 'checkout_not_open']);
    expect(res.body.detail).toContain('expired');
  });

  it('409 checkout_not_open when expiring twice', async () => {
    const session = await create({ productId: product.id });
    await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
    const again = await api.request('POST', `/v1/checkout/${session.body.id}/expire`);
    expect([again.status, again.body.code]).toEqual([409, 'checkout_not_open']);
  });

  it('400 for a bad limit, status or cursor', async () => {
    expect((await api.request('GET', '/v1/checkout?limit=0')).status).toBe(400);
    expect((await api.request('GET', '/v1/checkout?limit=101')).status).toBe(400);
    expect((await api.request('GET', '/v1/checkout?status=paid')).status).toBe(400);
    const cursor = await api.request('GET', '/v1/checkout?startingAfter=nope');
    expect([cursor.status, cursor.body.code]).toEqual([400, 'invalid_cursor']);
  });

  it('400 invalid_cursor for a UUID that names no session, even with filters that would match nothing anyway', async () => {
    await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    for (const query of ['', '&status=completed', `&productId=${product.id}`]) {
      const res = await api.request('GET', `/v1/checkout?startingAfter=0190a5e4-9c3b-7d2e-8f00-000000000000${query}`);
      expect([res.status, res.body.code]).toEqual([400, 'invalid_cursor']);
    }
  });
});
