import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

/** The string rule refuses only what cannot be stored: everything else arrives and comes back exactly as sent. */
let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const storable = {
  composed: '\u00e9',
  decomposed: 'e\u0301',
  emoji: '😀 👩‍👩‍👧 🇫🇷',
  escapedPair: '\ud83d\ude00',
  rtl: 'abc\u202edef\u202c',
  controls: '\u0001\u0007\t\u001f\u007f\u0085\u2028',
  bom: '\ufeffx',
  markup: `<script>alert("x")</script>'; drop table products; --`,
  noncharacter: '\uffff\ufdd0',
  literalEscape: '\\u0000 \\ud800',
};

describe('storable text round-trips exactly (no normalisation, no stripping)', () => {
  it('customFields values and checkoutData keys and values, through create and retrieve', async () => {
    const created = await api.request('POST', '/v1/checkout/create', {
      body: {
        productId: product.id,
        customFields: storable,
        checkoutData: Object.fromEntries(Object.entries(storable).map(([k, v]) => [v, { [k]: [v] }])),
      },
    });
    expect(created.status).toBe(201);
    const read = await api.request('GET', `/v1/checkout/${created.body.id}`);
    expect(read.body.custom_fields).toEqual(storable);
    for (const [key, value] of Object.entries(storable))
      expect(read.body.checkout_data[value]).toEqual({ [key]: [value] });
    // The two spellings of é are different strings and stay different.
    expect(read.body.custom_fields.composed).not.toBe(read.body.custom_fields.decomposed);
  });

  it('percent-encoded UTF-8 in the query is decoded and used as is', async () => {
    const res = await api.request('GET', `/v1/orders?productId=${encodeURIComponent(storable.emoji)}`);
    expect([res.status, res.body.data]).toEqual([200, []]);
  });
});

describe('cost: the body is parsed once per request', () => {
  it('one JSON.parse of the request body for a create with an Idempotency-Key (string check, validator, hash)', async () => {
    const body = JSON.stringify({ productId: product.id, customFields: { note: 'e\u0301' } });
    const parse = vi.spyOn(JSON, 'parse');
    const res = await api.app.request('/v1/checkout/create', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.account.key}`,
        'content-type': 'application/json',
        'idempotency-key': 'parse-once',
      },
      body,
    });
    expect(res.status).toBe(201);
    expect(parse.mock.calls.filter(([text]) => text === body)).toHaveLength(1);
  });
});
