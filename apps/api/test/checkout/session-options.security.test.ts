import { describe, expect, it } from 'vitest';
import { successUrlFor } from '../../src/domain/checkout';
import { createCheckout, getPage, goodCard, submit } from '../pages/page-client';
import { fixedProduct } from '../support/fixtures';
import { sessionOptionsPerTest } from './session-options-support';

const t = sessionOptionsPerTest();

describe('hostile strings in the options are a 400 with a pointer, never a 500', () => {
  const long = `https://example.com/${'a'.repeat(10_000)}`;
  it.each([
    ['NUL', 'https://example.com/a\u0000b'],
    ['a lone surrogate', 'https://example.com/\ud800'],
    ['10,000 characters', long],
  ])('%s in successUrl, cancelUrl and expiresAt', async (_what, value) => {
    for (const name of ['successUrl', 'cancelUrl', 'expiresAt']) {
      const res = await t.create({ productId: t.product.id, [name]: value });
      expect([name, res.status, res.body.code]).toEqual([name, 400, 'validation_failed']);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(`/body/${name}`);
    }
    expect((await t.api.request('GET', '/v1/checkout')).body.data).toEqual([]);
    expect(t.api.logs.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  it('CR LF (header injection into the redirect): refused by every field', async () => {
    const { product, create } = t;
    const value = 'https://example.com/\r\nSet-Cookie: a=b';
    const codes: unknown[] = [];
    for (const name of ['successUrl', 'cancelUrl', 'expiresAt']) {
      const res = await create({ productId: product.id, [name]: value });
      codes.push([name, res.status, res.body.code]);
    }
    expect(codes).toEqual([
      ['successUrl', 422, 'success_url_invalid'],
      ['cancelUrl', 400, 'validation_failed'],
      ['expiresAt', 400, 'validation_failed'],
    ]);
  });

  it('a date-time of 10,000 characters or a NUL in it', async () => {
    const { product, create } = t;
    for (const expiresAt of [`2026-11-24T13:00:00${'0'.repeat(10_000)}Z`, '2026-11-24T13:00:00Z\u0000']) {
      const res = await create({ productId: product.id, expiresAt });
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
  });
});

describe('placeholder substitution cannot inject', () => {
  it('encodes every value it puts in place (no new path segment, parameter, fragment or scheme)', () => {
    const url = successUrlFor('https://shop.example.com/{ORDER_ID}?c={CHECKOUT_ID}', {
      checkoutId: 'a&admin=1#x',
      orderId: '../../evil.example.com/?q=<script>',
    });
    expect(url).toBe('https://shop.example.com/..%2F..%2Fevil.example.com%2F%3Fq%3D%3Cscript%3E?c=a%26admin%3D1%23x');
    expect(new URL(url).host).toBe('shop.example.com');
    expect(new URL(url).searchParams.get('c')).toBe('a&admin=1#x');
  });

  it('a successUrl without placeholders is used as is; no ids are appended to it', async () => {
    const { api, product } = t;
    const checkout = await createCheckout(api, { productId: product.id, successUrl: 'https://shop.example.com/ok' });
    const paid = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard });
    expect([paid.status, paid.headers.get('location')]).toEqual([303, 'https://shop.example.com/ok']);
  });
});

describe('the page escapes the URLs it shows', () => {
  it('a cancelUrl with quotes and angle brackets (percent-encoded or RFC 3986 sub-delims) stays one attribute', async () => {
    const { api, product } = t;
    const cancelUrl = "https://shop.example.com/'onmouseover='alert(1)'?x=%22%3E%3Cscript%3E";
    const checkout = await createCheckout(api, { productId: product.id, cancelUrl });
    const page = await getPage(api, checkout.path);
    expect(page.html).toContain(
      'href="https://shop.example.com/&#39;onmouseover=&#39;alert(1)&#39;?x=%22%3E%3Cscript%3E" rel="noreferrer"',
    );
    expect(page.html).not.toContain("'onmouseover='");
    expect(page.html).not.toMatch(/<script/i);
  });

  it('quotes or angle brackets written as such are refused before they reach the page', async () => {
    const { product, create } = t;
    const value = 'https://shop.example.com/"><script>alert(1)</script>';
    const success = await create({ productId: product.id, successUrl: value });
    expect([success.status, success.body.code]).toEqual([422, 'success_url_invalid']);
    const cancel = await create({ productId: product.id, cancelUrl: value });
    expect([cancel.status, cancel.body.code]).toEqual([400, 'validation_failed']);
  });

  it('another account cannot read or change a session options through checkoutId', async () => {
    const { api, product, create } = t;
    const created = await create({ productId: product.id, successUrl: 'https://a.example/ok' });
    const other = await api.newAccount();
    const otherProduct = await fixedProduct(api, other.key);
    const res = await api.request('POST', '/v1/checkout/create', {
      key: other.key,
      body: { productId: otherProduct.id, checkoutId: created.body.id, successUrl: 'https://evil.example/' },
    });
    expect([res.status, res.body.code]).toEqual([404, 'checkout_not_found']);
    expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body.success_url).toBe('https://a.example/ok');
  });
});
