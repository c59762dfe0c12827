import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/store/accounts';
import { outsiders } from '../support/access';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('discounts: authentication', () => {
  it('401 invalid_api_key for a live-looking unknown key; the discount stays active', async () => {
    const created = await discount(api, { code: 'KEEP', type: 'percent', percentOff: 10 });
    const res = await api.request('POST', `/v1/discounts/${created.id}/deactivate`, {
      key: 'sk_live_00000000000000000000000000000000',
    });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_api_key']);
    expect((await api.request('GET', `/v1/discounts/${created.id}`)).body.active).toBe(true);
  });
});

describe('discounts: isolation by account and mode', () => {
  it('another account or mode cannot read, list, page after or deactivate the discount', async () => {
    const created = await discount(api, { code: 'MINE', type: 'percent', percentOff: 10 });
    for (const [who, key] of await outsiders(api)) {
      const read = await api.request('GET', `/v1/discounts/${created.id}`, { key });
      expect([who, read.status, read.body.code]).toEqual([who, 404, 'discount_not_found']);
      const list = await api.request('GET', '/v1/discounts', { key });
      expect([who, list.body.data]).toEqual([who, []]);
      const cursor = await api.request('GET', `/v1/discounts?startingAfter=${created.id}`, { key });
      expect([who, cursor.status, cursor.body.code]).toEqual([who, 400, 'invalid_cursor']);
      const deactivate = await api.request('POST', `/v1/discounts/${created.id}/deactivate`, { key });
      expect([who, deactivate.status, deactivate.body.code]).toEqual([who, 404, 'discount_not_found']);
    }
    expect((await api.request('GET', `/v1/discounts/${created.id}`)).body.active).toBe(true);
  });

  it('codes are unique per account and mode only: another account or mode may take the same code', async () => {
    await discount(api, { code: 'SHARED', type: 'percent', percentOff: 10 });
    for (const [who, key] of await outsiders(api)) {
      const res = await api.request('POST', '/v1/discounts', {
        key,
        body: { code: 'shared', type: 'percent', percentOff: 20 },
      });
      expect([who, res.status]).toEqual([who, 201]);
    }
  });

  it('a live-mode code is unknown to a test-mode checkout of the same account', async () => {
    const product = await fixedProduct(api);
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    await api.request('POST', '/v1/discounts', {
      key: live.secret,
      body: { code: 'LIVEONLY', type: 'percent', percentOff: 50 },
    });
    const res = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, discountCode: 'LIVEONLY' },
    });
    expect([res.status, res.body.code]).toEqual([404, 'discount_not_found']);
  });

  it('a live key cannot restrict a live discount to a test product', async () => {
    const product = await fixedProduct(api);
    const live = await issueApiKey(api.deps.db, { mode: 'live', accountId: api.account.account_id });
    const res = await api.request('POST', '/v1/discounts', {
      key: live.secret,
      body: { code: 'CROSS', type: 'percent', percentOff: 10, productId: product.id },
    });
    expect([res.status, res.body.code]).toEqual([404, 'product_not_found']);
  });
});

describe('discounts: lookalike codes never apply (codes are ASCII, compared ignoring ASCII case only)', () => {
  // Found with the fuzzer's normalisation twins: PostgreSQL's upper() maps ſ (long s) to S and ı (dotless i) to
  // I, so "ſki10" used to apply SKI10. Fullwidth, decomposed and Kelvin-sign spellings are refused the same way.
  const lookalikes = [
    'ſki10',
    'skı10',
    'ſKI10',
    'SKİ10',
    'SK\u0130',
    'ＳＫＩ10',
    '\u212aSKI10',
    'SKI10\u0301',
    'SKI1O',
  ];

  it('a case variant applies the code; each lookalike is 404 discount_not_found (API) and a field error (page)', async () => {
    const product = await fixedProduct(api);
    await discount(api, { code: 'SKI10', type: 'percent', percentOff: 10 });
    const create = (discountCode: string) =>
      api.request('POST', '/v1/checkout/create', { body: { productId: product.id, discountCode } });
    const variant = await create('sKi10');
    expect(variant.status).toBe(201);
    expect((await api.request('GET', `/v1/checkout/${variant.body.id}`)).body.discount_code).toBe('SKI10');
    for (const code of lookalikes) {
      const res = await create(code);
      expect([code, res.status, res.body.code]).toEqual([code, 404, 'discount_not_found']);
    }

    const { createCheckout, submit, goodCard, textOf } = await import('../pages/page-client');
    const checkout = await createCheckout(api, { productId: product.id });
    for (const code of ['ſki10', 'skı10']) {
      const page = await submit(api, checkout.path, { email: 'buyer@example.com', discountCode: code, ...goodCard });
      expect([code, page.status, textOf(page.html, 'discountCode-error')]).toEqual([
        code,
        422,
        'This discount code is not valid.',
      ]);
    }
  });
});
