import { describe, expect, it } from 'vitest';
import { checkoutExpiry } from '../../src/domain/checkout';
import { DomainError } from '../../src/domain/failure';
import { harnessStart } from '../support/api';
import { at, minutes, sessionOptionsPerTest } from './session-options-support';

const now = new Date(harnessStart);
const t = sessionOptionsPerTest();

describe('checkoutExpiry (domain)', () => {
  it.each([
    ['29 minutes', minutes(29)],
    ['30 minutes less 1 ms', minutes(30) - 1],
    ['24 hours and 1 ms', minutes(24 * 60) + 1],
    ['24 hours and 1 minute', minutes(24 * 60 + 1)],
    ['now', 0],
    ['an hour ago', -minutes(60)],
  ])('refuses %s from now with checkout_expiry_out_of_range on expiresAt', (_what, ahead) => {
    let caught: unknown;
    try {
      checkoutExpiry(at(ahead), now);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect([(caught as DomainError).reason, (caught as DomainError).field?.path]).toEqual([
      'checkout_expiry_out_of_range',
      ['expiresAt'],
    ]);
  });

  it('takes the bounds themselves, and defaults to 24 h', () => {
    expect(checkoutExpiry(at(minutes(30)), now).toISOString()).toBe(at(minutes(30)));
    expect(checkoutExpiry(at(minutes(24 * 60)), now).toISOString()).toBe(at(minutes(24 * 60)));
    expect(checkoutExpiry(undefined, now).toISOString()).toBe(at(minutes(24 * 60)));
  });
});

describe('POST /v1/checkout/create: expiresAt out of range', () => {
  it.each([
    ['29 minutes', at(minutes(29))],
    ['24 h + 1 minute', at(minutes(24 * 60 + 1))],
    ['in the past', '2026-11-24T11:00:00Z'],
    ['a year ahead', '2027-11-24T12:00:00Z'],
  ])('%s → 422 checkout_expiry_out_of_range, nothing created', async (_what, expiresAt) => {
    const res = await t.create({ productId: t.product.id, expiresAt });
    expect([res.status, res.body.code]).toEqual([422, 'checkout_expiry_out_of_range']);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/expiresAt']);
    expect((await t.api.request('GET', '/v1/checkout')).body.data).toEqual([]);
  });

  it('the bounds follow the clock: 40 minutes ahead is refused once the clock has moved 11 minutes', async () => {
    const { api, product, create } = t;
    const expiresAt = at(minutes(40));
    expect((await create({ productId: product.id, expiresAt })).status).toBe(201);
    api.clock.advance(minutes(11));
    const late = await create({ productId: product.id, expiresAt });
    expect([late.status, late.body.code]).toEqual([422, 'checkout_expiry_out_of_range']);
  });

  it.each([
    ['a date without a time', '2026-11-24'],
    ['no offset', '2026-11-24T13:00:00'],
    ['words', 'tomorrow'],
    ['a number', 1764000000],
  ])('%s is no RFC 3339 date-time: 400 validation_failed', async (_what, expiresAt) => {
    const res = await t.create({ productId: t.product.id, expiresAt });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/expiresAt']);
  });

  it('an update with an expiry out of range is refused and changes nothing', async () => {
    const { api, product, create } = t;
    const created = await create({ productId: product.id, successUrl: 'https://a.example/ok', quantity: 1 });
    for (const headers of [undefined, { 'idempotency-key': 'upd' }]) {
      const res = await create(
        { productId: product.id, checkoutId: created.body.id, quantity: 3, expiresAt: at(minutes(10)) },
        headers,
      );
      expect([res.status, res.body.code]).toEqual([422, 'checkout_expiry_out_of_range']);
    }
    expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body).toMatchObject({
      quantity: 1,
      success_url: 'https://a.example/ok',
      expires_at: at(minutes(24 * 60)),
    });
  });

  it('a session past its custom expiry can no longer be updated: 409 checkout_not_open', async () => {
    const { api, product, create } = t;
    const created = await create({ productId: product.id, expiresAt: at(minutes(30)) });
    api.clock.advance(minutes(30));
    const res = await create({ productId: product.id, checkoutId: created.body.id, expiresAt: at(minutes(120)) });
    expect([res.status, res.body.code]).toEqual([409, 'checkout_not_open']);
    expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body).toMatchObject({
      status: 'expired',
      expires_at: at(minutes(30)),
    });
  });
});

describe('POST /v1/checkout/create: URLs that are not http(s)', () => {
  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.com/x',
    '//example.com/no-scheme',
    '/relative/path',
  ])(
    '%s as successUrl or cancelUrl → 400 validation_failed on that field (the schema), nothing stored',
    async (url) => {
      for (const name of ['successUrl', 'cancelUrl']) {
        const res = await t.create({ productId: t.product.id, [name]: url });
        expect([name, res.status, res.body.code]).toEqual([name, 400, 'validation_failed']);
        expect(new Set(res.body.errors.map((e: { pointer: string }) => e.pointer))).toEqual(new Set([`/body/${name}`]));
      }
      expect((await t.api.request('GET', '/v1/checkout')).body.data).toEqual([]);
    },
  );

  it.each([
    'https://',
    'https://exa mple.com/',
    'https://example.com/é',
    'https://example.com/?s={SESSION_ID}',
    'https://example.com/?s={CHECKOUT_ID',
  ])(
    '%s: http(s) but no RFC 3986 URI → successUrl 422 success_url_invalid, cancelUrl 400 (format uri)',
    async (url) => {
      const success = await t.create({ productId: t.product.id, successUrl: url });
      expect([success.status, success.body.code]).toEqual([422, 'success_url_invalid']);
      expect(success.body.errors).toEqual([
        { pointer: '/body/successUrl', detail: expect.stringContaining('RFC 3986') },
      ]);
      const cancel = await t.create({ productId: t.product.id, cancelUrl: url });
      expect([cancel.status, cancel.body.code]).toEqual([400, 'validation_failed']);
      expect((await t.api.request('GET', '/v1/checkout')).body.data).toEqual([]);
    },
  );

  it.each([
    'https://{ORDER_ID}.example.com/thanks',
    'https://shop-{CHECKOUT_ID}.example.com/',
    'https://example.com:{ORDER_ID}/',
  ])(
    '%s: a placeholder in the host or port → 422 success_url_invalid (the page must know the origin before paying)',
    async (url) => {
      const res = await t.create({ productId: t.product.id, successUrl: url });
      expect([res.status, res.body.code]).toEqual([422, 'success_url_invalid']);
      expect(res.body.errors).toEqual([
        { pointer: '/body/successUrl', detail: expect.stringContaining('path, query or fragment only') },
      ]);
      expect((await t.api.request('GET', '/v1/checkout')).body.data).toEqual([]);
    },
  );

  it('cancelUrl takes no placeholders (it is a plain URI)', async () => {
    const { product, create } = t;
    const res = await create({ productId: product.id, cancelUrl: 'https://example.com/{CHECKOUT_ID}' });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
  });

  it('an update with a javascript: successUrl is refused and keeps the stored one', async () => {
    const { api, product, create } = t;
    const created = await create({ productId: product.id, successUrl: 'https://a.example/ok' });
    const res = await create({ productId: product.id, checkoutId: created.body.id, successUrl: 'javascript:x()' });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body.success_url).toBe('https://a.example/ok');
  });
});
