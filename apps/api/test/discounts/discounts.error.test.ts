import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount } from '../support/fixtures';
import { requestInFlight } from '../support/in-flight';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

function pointers(res: { body: { errors?: { pointer: string }[] } }): string[] {
  return (res.body.errors ?? []).map((e) => e.pointer).sort();
}

const create = (body: Record<string, unknown>) => api.request('POST', '/v1/discounts', { body });

/** Holds `key` as if another replica were still processing `body` (keys in sorted order, as the middleware hashes). */
describe('POST /v1/discounts: fields by type (422 discount_invalid with pointers)', () => {
  it.each([
    ['percent without percentOff', { code: 'AAA', type: 'percent' }, ['/body/percentOff']],
    [
      'percent with amountOff and currency',
      { code: 'AAA', type: 'percent', percentOff: 10, amountOff: 5, currency: 'usd' },
      ['/body/amountOff', '/body/currency'],
    ],
    [
      'percent with currency only',
      { code: 'AAA', type: 'percent', percentOff: 10, currency: 'usd' },
      ['/body/currency'],
    ],
    [
      'fixed_amount without amountOff and currency',
      { code: 'AAA', type: 'fixed_amount' },
      ['/body/amountOff', '/body/currency'],
    ],
    ['fixed_amount without currency', { code: 'AAA', type: 'fixed_amount', amountOff: 5 }, ['/body/currency']],
    ['fixed_amount without amountOff', { code: 'AAA', type: 'fixed_amount', currency: 'usd' }, ['/body/amountOff']],
    [
      'fixed_amount with percentOff',
      { code: 'AAA', type: 'fixed_amount', amountOff: 5, currency: 'usd', percentOff: 10 },
      ['/body/percentOff'],
    ],
    ['percentOff with 3 decimals', { code: 'AAA', type: 'percent', percentOff: 12.345 }, ['/body/percentOff']],
    // Within a millionth of 12.34 or 50, yet ten decimals: a float tolerance used to accept (and round) them.
    ['percentOff with 10 decimals', { code: 'AAA', type: 'percent', percentOff: 12.3400000001 }, ['/body/percentOff']],
    ['percentOff just above a whole', { code: 'AAA', type: 'percent', percentOff: 50.000000001 }, ['/body/percentOff']],
  ])('%s', async (_name, body, expected) => {
    const res = await create(body);
    expect([res.status, res.body.code]).toEqual([422, 'discount_invalid']);
    expect(pointers(res)).toEqual(expected);
  });

  it.each([
    ['missing code', { type: 'percent', percentOff: 10 }, '/body/code'],
    ['code too short', { code: 'AB', type: 'percent', percentOff: 10 }, '/body/code'],
    ['code too long', { code: 'A'.repeat(41), type: 'percent', percentOff: 10 }, '/body/code'],
    ['code with a space', { code: 'TEN OFF', type: 'percent', percentOff: 10 }, '/body/code'],
    ['missing type', { code: 'AAA', percentOff: 10 }, '/body/type'],
    ['unknown type', { code: 'AAA', type: 'bogo', percentOff: 10 }, '/body/type'],
    ['percentOff below 1', { code: 'AAA', type: 'percent', percentOff: 0.5 }, '/body/percentOff'],
    ['percentOff above 100', { code: 'AAA', type: 'percent', percentOff: 101 }, '/body/percentOff'],
    ['amountOff zero', { code: 'AAA', type: 'fixed_amount', amountOff: 0, currency: 'usd' }, '/body/amountOff'],
    ['currency upper case', { code: 'AAA', type: 'fixed_amount', amountOff: 1, currency: 'USD' }, '/body/currency'],
    [
      'expiresAt not a date-time',
      { code: 'AAA', type: 'percent', percentOff: 10, expiresAt: 'tomorrow' },
      '/body/expiresAt',
    ],
    [
      'maxRedemptions zero',
      { code: 'AAA', type: 'percent', percentOff: 10, maxRedemptions: 0 },
      '/body/maxRedemptions',
    ],
    [
      'maxRedemptions fractional',
      { code: 'AAA', type: 'percent', percentOff: 10, maxRedemptions: 1.5 },
      '/body/maxRedemptions',
    ],
    ['empty productId', { code: 'AAA', type: 'percent', percentOff: 10, productId: '' }, '/body/productId'],
    ['unknown property', { code: 'AAA', type: 'percent', percentOff: 10, stackable: true }, '/body/stackable'],
  ])('schema: %s', async (_name, body, pointer) => {
    const res = await create(body);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(res)).toContain(pointer);
  });

  it('400 malformed_json, 415 unsupported_media_type', async () => {
    const broken = await api.request('POST', '/v1/discounts', {
      rawBody: '{"code":"A',
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.status, broken.body.code]).toEqual([400, 'malformed_json']);
    const form = await api.request('POST', '/v1/discounts', {
      rawBody: 'code=AAA',
      headers: { 'content-type': 'text/plain' },
    });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
  });
});

describe('POST /v1/discounts: business rules', () => {
  it('400 amount_precision_exceeded for amountOff finer than the currency', async () => {
    const cents = await create({ code: 'AAA', type: 'fixed_amount', amountOff: 5.001, currency: 'usd' });
    expect([cents.status, cents.body.code]).toEqual([400, 'amount_precision_exceeded']);
    expect(pointers(cents)).toEqual(['/body/amountOff']);
    const yen = await create({ code: 'BBB', type: 'fixed_amount', amountOff: 100.5, currency: 'jpy' });
    expect([yen.status, yen.body.code]).toEqual([400, 'amount_precision_exceeded']);
  });

  it('422 currency_not_supported for a well-formed unknown currency', async () => {
    const res = await create({ code: 'AAA', type: 'fixed_amount', amountOff: 5, currency: 'xyz' });
    expect([res.status, res.body.code]).toEqual([422, 'currency_not_supported']);
    expect(pointers(res)).toEqual(['/body/currency']);
  });

  it('422 expires_at_in_past for a past or present expiresAt; a moment later is fine', async () => {
    const past = await create({ code: 'AAA', type: 'percent', percentOff: 10, expiresAt: '2026-11-24T11:59:59Z' });
    expect([past.status, past.body.code]).toEqual([422, 'expires_at_in_past']);
    expect(pointers(past)).toEqual(['/body/expiresAt']);
    const now = await create({ code: 'AAA', type: 'percent', percentOff: 10, expiresAt: '2026-11-24T12:00:00Z' });
    expect([now.status, now.body.code]).toEqual([422, 'expires_at_in_past']);
    const offset = await create({
      code: 'AAA',
      type: 'percent',
      percentOff: 10,
      expiresAt: '2026-11-24T13:30:00+02:00',
    });
    expect([offset.status, offset.body.code]).toEqual([422, 'expires_at_in_past']);
    const soon = await create({ code: 'AAA', type: 'percent', percentOff: 10, expiresAt: '2026-11-24T12:00:01Z' });
    expect(soon.status).toBe(201);
  });

  it('404 product_not_found for an unknown productId', async () => {
    const res = await create({ code: 'AAA', type: 'percent', percentOff: 10, productId: 'prod_doesnotexist0000' });
    expect([res.status, res.body.code]).toEqual([404, 'product_not_found']);
    expect(pointers(res)).toEqual(['/body/productId']);
  });

  it('409 discount_code_taken for the same code in any case; nothing new is stored', async () => {
    const first = await discount(api, { code: 'Promo10', type: 'percent', percentOff: 10 });
    for (const code of ['Promo10', 'PROMO10', 'promo10']) {
      const res = await create({ code, type: 'fixed_amount', amountOff: 1, currency: 'usd' });
      expect([code, res.status, res.body.code]).toEqual([code, 409, 'discount_code_taken']);
    }
    const list = await api.request('GET', '/v1/discounts');
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual([first.id]);
  });

  it('creates nothing when a rule fails', async () => {
    await create({ code: 'AAA', type: 'percent', percentOff: 10, expiresAt: '2020-01-01T00:00:00Z' });
    await create({ code: 'BBB', type: 'fixed_amount', amountOff: 1, currency: 'xyz' });
    expect((await api.request('GET', '/v1/discounts')).body.data).toEqual([]);
  });
});

describe('discounts: Idempotency-Key', () => {
  it('create: 422 idempotency_key_reused, 409 idempotency_key_in_use', async () => {
    const headers = { 'idempotency-key': 'k1' };
    await api.request('POST', '/v1/discounts', { body: { code: 'AAA', type: 'percent', percentOff: 10 }, headers });
    const reused = await api.request('POST', '/v1/discounts', {
      body: { code: 'BBB', type: 'percent', percentOff: 10 },
      headers,
    });
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);

    const body = { code: 'CCC', percentOff: 10, type: 'percent' };
    const first = await requestInFlight(api, '/v1/discounts', { body, key: 'busy' });
    const busy = await api.request('POST', '/v1/discounts', { body, headers: { 'idempotency-key': 'busy' } });
    expect([busy.status, busy.body.code]).toEqual([409, 'idempotency_key_in_use']);
    expect((await first.release()).status).toBe(201);
  });

  it('deactivate: replayed for the same key; 422 for the key on another discount; 409 while in flight', async () => {
    const a = await discount(api, { code: 'AAA', type: 'percent', percentOff: 10 });
    const b = await discount(api, { code: 'BBB', type: 'percent', percentOff: 10 });
    const headers = { 'idempotency-key': 'deact' };
    const first = await api.request('POST', `/v1/discounts/${a.id}/deactivate`, { headers });
    const replay = await api.request('POST', `/v1/discounts/${a.id}/deactivate`, { headers });
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect(replay.body).toEqual(first.body);
    const reused = await api.request('POST', `/v1/discounts/${b.id}/deactivate`, { headers });
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);
    expect((await api.request('GET', `/v1/discounts/${b.id}`)).body.active).toBe(true);

    const inFlight = await requestInFlight(api, `/v1/discounts/${b.id}/deactivate`, { key: 'busy' });
    const busy = await api.request('POST', `/v1/discounts/${b.id}/deactivate`, {
      headers: { 'idempotency-key': 'busy' },
    });
    expect([busy.status, busy.body.code]).toEqual([409, 'idempotency_key_in_use']);
    expect((await inFlight.release()).status).toBe(200);
  });
});

describe('retrieve / deactivate / list errors', () => {
  it('404 discount_not_found for an unknown id on retrieve and deactivate', async () => {
    const read = await api.request('GET', '/v1/discounts/disc_doesnotexist0000');
    expect([read.status, read.body.code]).toEqual([404, 'discount_not_found']);
    const deactivate = await api.request('POST', '/v1/discounts/disc_doesnotexist0000/deactivate');
    expect([deactivate.status, deactivate.body.code]).toEqual([404, 'discount_not_found']);
    expect(pointers(deactivate)).toEqual(['/path/discountId']);
  });

  it('400 validation_failed for an id over 64 characters', async () => {
    const long = `disc_${'x'.repeat(60)}`;
    const read = await api.request('GET', `/v1/discounts/${long}`);
    expect([read.status, read.body.code]).toEqual([400, 'validation_failed']);
    expect(pointers(read)).toEqual(['/path/discountId']);
    const deactivate = await api.request('POST', `/v1/discounts/${long}/deactivate`);
    expect([deactivate.status, deactivate.body.code]).toEqual([400, 'validation_failed']);
  });

  it('400 for a bad limit or active, invalid_cursor for an unknown cursor', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=x', 'active=1x']) {
      const res = await api.request('GET', `/v1/discounts?${query}`);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'validation_failed']);
    }
    const cursor = await api.request('GET', '/v1/discounts?startingAfter=disc_doesnotexist0000');
    expect([cursor.status, cursor.body.code]).toEqual([400, 'invalid_cursor']);
  });
});
