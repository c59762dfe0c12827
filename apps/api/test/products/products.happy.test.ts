import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, pwywProduct } from '../support/fixtures';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((p) => p.id);

describe('POST /v1/products', () => {
  it('creates a fixed-price product with every field, as sent', async () => {
    const res = await api.request('POST', '/v1/products', {
      body: {
        name: 'Pro icon pack',
        description: '1,200 hand-drawn SVG icons.',
        pricingType: 'fixed',
        prices: [
          { currency: 'usd', amount: 29.99 },
          { currency: 'eur', amount: 27 },
          { currency: 'jpy', amount: 4500 },
        ],
        defaultCurrency: 'eur',
        redirectUrl: 'https://example.com/thanks',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^prod_[A-Za-z0-9]{14,}$/);
    expect(res.body).toEqual({
      id: res.body.id,
      object: 'product',
      mode: 'test',
      name: 'Pro icon pack',
      description: '1,200 hand-drawn SVG icons.',
      pricing_type: 'fixed',
      prices: [
        { currency: 'usd', amount: 29.99, minimum_amount: null, maximum_amount: null, suggested_amount: null },
        { currency: 'eur', amount: 27, minimum_amount: null, maximum_amount: null, suggested_amount: null },
        { currency: 'jpy', amount: 4500, minimum_amount: null, maximum_amount: null, suggested_amount: null },
      ],
      default_currency: 'eur',
      redirect_url: 'https://example.com/thanks',
      active: true,
      created_at: '2026-11-24T12:00:00.000Z',
      updated_at: '2026-11-24T12:00:00.000Z',
    });
  });

  it('defaults pricingType to fixed, defaultCurrency to the first price, optional fields to null', async () => {
    const res = await api.request('POST', '/v1/products', {
      body: {
        name: 'Minimal',
        prices: [
          { currency: 'gbp', amount: 5 },
          { currency: 'usd', amount: 6 },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      pricing_type: 'fixed',
      default_currency: 'gbp',
      description: null,
      redirect_url: null,
    });
  });

  it('creates a pay-what-you-want product; maximum and suggested are optional', async () => {
    const res = await api.request('POST', '/v1/products', {
      body: {
        name: 'Lo-fi sample pack',
        pricingType: 'pay_what_you_want',
        prices: [
          { currency: 'eur', minimumAmount: 5, maximumAmount: 100, suggestedAmount: 15.5 },
          { currency: 'usd', minimumAmount: 0 },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.pricing_type).toBe('pay_what_you_want');
    expect(res.body.prices).toEqual([
      { currency: 'eur', amount: null, minimum_amount: 5, maximum_amount: 100, suggested_amount: 15.5 },
      { currency: 'usd', amount: null, minimum_amount: 0, maximum_amount: null, suggested_amount: null },
    ]);
  });

  it('accepts a pay-what-you-want price whose bounds and suggestion are all equal', async () => {
    const res = await api.request('POST', '/v1/products', {
      body: {
        name: 'Flat',
        pricingType: 'pay_what_you_want',
        prices: [{ currency: 'usd', minimumAmount: 7, maximumAmount: 7, suggestedAmount: 7 }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.prices[0]).toMatchObject({ minimum_amount: 7, maximum_amount: 7, suggested_amount: 7 });
  });

  it('keeps amounts exact through minor units (0.1 + 0.2 style values)', async () => {
    const res = await api.request('POST', '/v1/products', {
      body: {
        name: 'Cents',
        prices: [
          { currency: 'usd', amount: 0.3 },
          { currency: 'eur', amount: 1000000 },
          { currency: 'gbp', amount: 0.07 },
        ],
      },
    });
    expect(res.body.prices.map((p: { amount: number }) => p.amount)).toEqual([0.3, 1000000, 0.07]);
  });

  it('replays the stored product for the same Idempotency-Key and body instead of creating another', async () => {
    const body = { name: 'Once', prices: [{ currency: 'usd', amount: 1 }] };
    const headers = { 'idempotency-key': 'create-once' };
    const first = await api.request('POST', '/v1/products', { body, headers });
    const again = await api.request('POST', '/v1/products', { body, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(ids(await api.request('GET', '/v1/products'))).toEqual([first.body.id]);
  });
});

describe('GET /v1/products/{productId}', () => {
  it('returns the product as created', async () => {
    const created = await pwywProduct(api);
    const res = await api.request('GET', `/v1/products/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it('returns an archived product too', async () => {
    const created = await fixedProduct(api);
    await api.request('PATCH', `/v1/products/${created.id}`, { body: { active: false } });
    const res = await api.request('GET', `/v1/products/${created.id}`);
    expect([res.status, res.body.active]).toEqual([200, false]);
  });
});

describe('GET /v1/products', () => {
  it('is empty without products', async () => {
    const res = await api.request('GET', '/v1/products');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('pages newest first with next_cursor until has_more is false', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      api.clock.advance(1000);
      created.push((await fixedProduct(api)).id);
    }
    const newestFirst = [...created].reverse();
    const first = await api.request('GET', '/v1/products?limit=2');
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.body).toMatchObject({ has_more: true, next_cursor: newestFirst[1] });
    const second = await api.request('GET', `/v1/products?limit=2&startingAfter=${first.body.next_cursor}`);
    expect(ids(second)).toEqual(newestFirst.slice(2, 4));
    expect(second.body).toMatchObject({ has_more: true, next_cursor: newestFirst[3] });
    const last = await api.request('GET', `/v1/products?limit=2&startingAfter=${second.body.next_cursor}`);
    expect(ids(last)).toEqual(newestFirst.slice(4));
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
    // The oldest product is a valid cursor too: an empty page, not an error.
    const after = await api.request('GET', `/v1/products?startingAfter=${created[0]}`);
    expect([after.status, after.body.data, after.body.has_more]).toEqual([200, [], false]);
  });

  it('pages without skipping or repeating products created in the same millisecond', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 7; i++) created.add((await fixedProduct(api)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { id: string }[]; next_cursor: string | null } } = await api.request(
        'GET',
        `/v1/products?limit=3${cursor ? `&startingAfter=${cursor}` : ''}`,
      );
      seen.push(...ids(res));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(created);
  });

  it('defaults to 20 per page and allows 100', async () => {
    for (let i = 0; i < 21; i++) await fixedProduct(api);
    const page = await api.request('GET', '/v1/products');
    expect([page.body.data.length, page.body.has_more]).toEqual([20, true]);
    const all = await api.request('GET', '/v1/products?limit=100');
    expect([all.body.data.length, all.body.has_more, all.body.next_cursor]).toEqual([21, false, null]);
  });

  it('filters active and archived products', async () => {
    api.clock.advance(1000);
    const kept = await fixedProduct(api);
    api.clock.advance(1000);
    const archived = await pwywProduct(api);
    await api.request('PATCH', `/v1/products/${archived.id}`, { body: { active: false } });
    expect(ids(await api.request('GET', '/v1/products'))).toEqual([archived.id, kept.id]);
    expect(ids(await api.request('GET', '/v1/products?active=true'))).toEqual([kept.id]);
    expect(ids(await api.request('GET', '/v1/products?active=false'))).toEqual([archived.id]);
  });
});

describe('PATCH /v1/products/{productId}', () => {
  it('changes only the fields sent and moves updated_at', async () => {
    const created = await api.request('POST', '/v1/products', {
      body: {
        name: 'Pro icon pack',
        description: 'Old',
        prices: [
          { currency: 'usd', amount: 29 },
          { currency: 'eur', amount: 27 },
        ],
        defaultCurrency: 'eur',
        redirectUrl: 'https://example.com/thanks',
      },
    });
    api.clock.advance(60_000);
    const res = await api.request('PATCH', `/v1/products/${created.body.id}`, { body: { name: 'Pro icon pack v2' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...created.body, name: 'Pro icon pack v2', updated_at: '2026-11-24T12:01:00.000Z' });
    expect((await api.request('GET', `/v1/products/${created.body.id}`)).body).toEqual(res.body);
  });

  it('null removes description and redirectUrl', async () => {
    const created = await api.request('POST', '/v1/products', {
      body: {
        name: 'X',
        description: 'D',
        redirectUrl: 'https://example.com/r',
        prices: [{ currency: 'usd', amount: 1 }],
      },
    });
    const res = await api.request('PATCH', `/v1/products/${created.body.id}`, {
      body: { description: null, redirectUrl: null },
    });
    expect(res.body).toMatchObject({ description: null, redirect_url: null, name: 'X' });
    const set = await api.request('PATCH', `/v1/products/${created.body.id}`, {
      body: { redirectUrl: 'https://example.com/new' },
    });
    expect(set.body).toMatchObject({ description: null, redirect_url: 'https://example.com/new' });
  });

  it('prices replaces every price, keeping the default currency while it stays priced', async () => {
    const product = await fixedProduct(api); // usd 19.99, eur 17.99; default usd
    const res = await api.request('PATCH', `/v1/products/${product.id}`, {
      body: {
        prices: [
          { currency: 'gbp', amount: 15 },
          { currency: 'usd', amount: 21 },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.prices.map((p: { currency: string; amount: number }) => [p.currency, p.amount])).toEqual([
      ['gbp', 15],
      ['usd', 21],
    ]);
    expect(res.body.default_currency).toBe('usd');
  });

  it('falls back to the first new price when the default currency is no longer priced', async () => {
    const product = await fixedProduct(api);
    const res = await api.request('PATCH', `/v1/products/${product.id}`, {
      body: {
        prices: [
          { currency: 'cad', amount: 25 },
          { currency: 'eur', amount: 17 },
        ],
      },
    });
    expect(res.body.default_currency).toBe('cad');
  });

  it('changes the default currency to another priced one', async () => {
    const product = await fixedProduct(api);
    const res = await api.request('PATCH', `/v1/products/${product.id}`, { body: { defaultCurrency: 'eur' } });
    expect([res.status, res.body.default_currency]).toEqual([200, 'eur']);
    const session = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    expect((await api.request('GET', `/v1/checkout/${session.body.id}`)).body).toMatchObject({
      currency: 'eur',
      total: 17.99,
    });
  });

  it('switches the pricing type when new prices come with it', async () => {
    const product = await fixedProduct(api);
    const res = await api.request('PATCH', `/v1/products/${product.id}`, {
      body: { pricingType: 'pay_what_you_want', prices: [{ currency: 'usd', minimumAmount: 3, suggestedAmount: 9 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pricing_type: 'pay_what_you_want',
      default_currency: 'usd',
      prices: [{ currency: 'usd', amount: null, minimum_amount: 3, maximum_amount: null, suggested_amount: 9 }],
    });
    const session = await api.request('POST', '/v1/checkout/create', {
      body: { productId: product.id, customPrice: 4 },
    });
    expect(session.status).toBe(201);
  });

  it('sending the current pricing type without prices is fine', async () => {
    const product = await fixedProduct(api);
    const res = await api.request('PATCH', `/v1/products/${product.id}`, { body: { pricingType: 'fixed' } });
    expect([res.status, res.body.prices.length]).toEqual([200, 2]);
  });

  it('active:false archives (no new checkout sessions, existing ones kept); active:true restores', async () => {
    const product = await fixedProduct(api);
    const before = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    const archived = await api.request('PATCH', `/v1/products/${product.id}`, { body: { active: false } });
    expect([archived.status, archived.body.active]).toEqual([200, false]);
    const refused = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    expect([refused.status, refused.body.code]).toEqual([404, 'product_not_found']);
    const existing = await api.request('GET', `/v1/checkout/${before.body.id}`);
    expect([existing.status, existing.body.status]).toEqual([200, 'open']);

    const restored = await api.request('PATCH', `/v1/products/${product.id}`, { body: { active: true } });
    expect(restored.body.active).toBe(true);
    const again = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    expect(again.status).toBe(201);
  });

  it('new prices apply to new checkout sessions only', async () => {
    const product = await fixedProduct(api);
    const old = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    await api.request('PATCH', `/v1/products/${product.id}`, { body: { prices: [{ currency: 'usd', amount: 25 }] } });
    const fresh = await api.request('POST', '/v1/checkout/create', { body: { productId: product.id } });
    expect((await api.request('GET', `/v1/checkout/${old.body.id}`)).body.total).toBe(19.99);
    expect((await api.request('GET', `/v1/checkout/${fresh.body.id}`)).body.total).toBe(25);
  });
});
