import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((d) => d.id);

describe('POST /v1/discounts', () => {
  it('creates a percent discount with defaults', async () => {
    const res = await api.request('POST', '/v1/discounts', {
      body: { code: 'PROMO10', type: 'percent', percentOff: 10 },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^disc_[A-Za-z0-9]{14,}$/);
    expect(res.body).toEqual({
      id: res.body.id,
      object: 'discount',
      mode: 'test',
      code: 'PROMO10',
      type: 'percent',
      percent_off: 10,
      amount_off: null,
      currency: null,
      expires_at: null,
      max_redemptions: null,
      times_redeemed: 0,
      product_id: null,
      active: true,
      created_at: '2026-11-24T12:00:00.000Z',
    });
  });

  it('creates a fixed-amount discount restricted to a product, with expiry and limit', async () => {
    const product = await fixedProduct(api);
    const res = await api.request('POST', '/v1/discounts', {
      body: {
        code: 'five-off_2026',
        type: 'fixed_amount',
        amountOff: 5.5,
        currency: 'usd',
        expiresAt: '2026-12-31T23:59:59Z',
        maxRedemptions: 500,
        productId: product.id,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'five-off_2026',
      type: 'fixed_amount',
      percent_off: null,
      amount_off: 5.5,
      currency: 'usd',
      expires_at: '2026-12-31T23:59:59.000Z',
      max_redemptions: 500,
      times_redeemed: 0,
      product_id: product.id,
      active: true,
    });
  });

  it('keeps percentages with two decimals and whole yen exactly', async () => {
    const percent = await discount(api, { code: 'ODD', type: 'percent', percentOff: 12.75 });
    const yen = await discount(api, { code: 'YEN', type: 'fixed_amount', amountOff: 300, currency: 'jpy' });
    const full = await discount(api, { code: 'FREE', type: 'percent', percentOff: 100 });
    const read = async (id: string) => (await api.request('GET', `/v1/discounts/${id}`)).body;
    expect((await read(percent.id)).percent_off).toBe(12.75);
    expect(await read(yen.id)).toMatchObject({ amount_off: 300, currency: 'jpy' });
    expect((await read(full.id)).percent_off).toBe(100);
  });
});

describe('GET /v1/discounts/{discountId}', () => {
  it('returns the discount as created, and counts redemptions', async () => {
    const created = await api.request('POST', '/v1/discounts', {
      body: { code: 'READ', type: 'percent', percentOff: 20 },
    });
    const res = await api.request('GET', `/v1/discounts/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    await api.deps.db.query('update discounts set times_redeemed = 3 where id = $1', [created.body.id]);
    // Another writer's change reaches the store cache within its bound (≤ 1 s): wait for it, as a replica would.
    await api.deps.cache.sync();
    expect((await api.request('GET', `/v1/discounts/${created.body.id}`)).body.times_redeemed).toBe(3);
  });
});

describe('GET /v1/discounts', () => {
  it('pages newest first and filters by active', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(1000);
      created.push((await discount(api, { code: `CODE${i}`, type: 'percent', percentOff: 10 + i })).id);
    }
    const newestFirst = [...created].reverse();
    const first = await api.request('GET', '/v1/discounts?limit=2');
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.body).toMatchObject({ has_more: true, next_cursor: newestFirst[1] });
    const second = await api.request('GET', `/v1/discounts?limit=2&startingAfter=${first.body.next_cursor}`);
    expect(ids(second)).toEqual(newestFirst.slice(2, 4));
    const last = await api.request('GET', `/v1/discounts?limit=2&startingAfter=${second.body.next_cursor}`);
    expect(ids(last)).toEqual(newestFirst.slice(4));
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });

    await api.request('POST', `/v1/discounts/${created[1]}/deactivate`);
    await api.request('POST', `/v1/discounts/${created[3]}/deactivate`);
    expect(ids(await api.request('GET', '/v1/discounts?active=false'))).toEqual([created[3], created[1]]);
    expect(ids(await api.request('GET', '/v1/discounts?active=true'))).toEqual([created[4], created[2], created[0]]);
    const activePage = await api.request('GET', `/v1/discounts?active=true&limit=1&startingAfter=${created[4]}`);
    expect(ids(activePage)).toEqual([created[2]]);
    expect(activePage.body.has_more).toBe(true);
  });
});

describe('POST /v1/discounts/{discountId}/deactivate', () => {
  it('deactivates; doing it again returns the discount unchanged', async () => {
    const created = await discount(api, { code: 'BYE', type: 'percent', percentOff: 10 });
    const first = await api.request('POST', `/v1/discounts/${created.id}/deactivate`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: created.id, code: 'BYE', active: false });
    const second = await api.request('POST', `/v1/discounts/${created.id}/deactivate`);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await api.request('GET', `/v1/discounts/${created.id}`)).body.active).toBe(false);
  });

  it('new checkouts with the code fail with discount_inactive; an open session keeps its price', async () => {
    const product = await fixedProduct(api);
    const created = await discount(api, { code: 'HALF', type: 'percent', percentOff: 50 });
    const open = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, discountCode: 'half' },
    });
    await api.request('POST', `/v1/discounts/${created.id}/deactivate`);
    const refused = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, discountCode: 'HALF' },
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'discount_inactive']);
    const session = await api.request('GET', `/v1/checkout/${open.body.id}`);
    expect(session.body).toMatchObject({ discount_code: 'HALF', discount_amount: 10, total: 9.99 });
  });

  it('frees nothing: a deactivated code still blocks the same code', async () => {
    const created = await discount(api, { code: 'ONCE', type: 'percent', percentOff: 10 });
    await api.request('POST', `/v1/discounts/${created.id}/deactivate`);
    const again = await api.request('POST', '/v1/discounts', {
      body: { code: 'once', type: 'percent', percentOff: 10 },
    });
    expect([again.status, again.body.code]).toEqual([409, 'discount_code_taken']);
  });
});
