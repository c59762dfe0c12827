import { beforeEach, describe, expect, it } from 'vitest';
import { completeCheckout } from '../../src/services/complete-checkout';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct, pwywProduct } from '../support/fixtures';
import { createCheckout, declinedCard, formFields, getPage, goodCard, submit, textOf } from './page-client';

let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});

async function sessionOf(id: string) {
  return (await api.request('GET', `/v1/checkout/${id}`)).body;
}

async function orderCount(): Promise<number> {
  return (await api.request('GET', '/v1/orders')).body.data.length;
}

/** The field's error text, and that the input points at it for assistive technology. */
function fieldError(html: string, name: string): string | undefined {
  const error = textOf(html, `${name}-error`);
  if (error !== undefined) {
    expect(html).toMatch(
      new RegExp(`<input id="${name}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${name}-error"`),
    );
  }
  return error;
}

describe('declined and invalid cards', () => {
  it('4000 0000 0000 0002 is declined: the page says so and the session stays open', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, { email: 'buyer@example.com', ...declinedCard });
    expect(page.status).toBe(402);
    expect(textOf(page.html, 'form-alert')).toBe('Your card was declined. Try another card.');
    expect(fieldError(page.html, 'cardNumber')).toBe('This card was declined.');
    expect(await sessionOf(checkout.id)).toMatchObject({ status: 'open', order_id: null });
    expect(await orderCount()).toBe(0);
    // The customer can try again on the same session.
    const paid = await submit(api, checkout.path, goodCard, { rendered: formFields(page.html) });
    expect(paid.status).toBe(303);
    expect((await sessionOf(checkout.id)).status).toBe('completed');
  });

  it('another Luhn-valid number is declined in test mode, naming the test cards', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, {
      email: 'buyer@example.com',
      ...goodCard,
      cardNumber: '5555 5555 5555 4444',
    });
    expect(page.status).toBe(402);
    expect(textOf(page.html, 'form-alert')).toContain(
      'Use 4242 4242 4242 4242 to pay, or 4000 0000 0000 0002 to see a decline.',
    );
    expect((await sessionOf(checkout.id)).status).toBe('open');
  });

  it.each([
    ['a number failing Luhn', { cardNumber: '4242 4242 4242 4241' }, 'cardNumber', 'This card number is not valid.'],
    ['letters in the number', { cardNumber: '4242 abcd 4242 4242' }, 'cardNumber', 'This card number is not valid.'],
    ['a too short number', { cardNumber: '4242' }, 'cardNumber', 'This card number is not valid.'],
    ['no number', { cardNumber: '' }, 'cardNumber', 'Enter your card number.'],
    ['an expiry in the past', { cardExpiry: '10/26' }, 'cardExpiry', 'This card has expired.'],
    ['month 13', { cardExpiry: '13/30' }, 'cardExpiry', 'Use the format MM/YY.'],
    ['an expiry without slash', { cardExpiry: '1230' }, 'cardExpiry', 'Use the format MM/YY.'],
    ['a 2-digit CVC', { cardCvc: '12' }, 'cardCvc', 'The security code is 3 or 4 digits.'],
    ['a 5-digit CVC', { cardCvc: '12345' }, 'cardCvc', 'The security code is 3 or 4 digits.'],
    ['no name', { cardName: '  ' }, 'cardName', 'Enter the name on the card.'],
    ['no email', { email: '' }, 'email', 'Enter your email address.'],
    ['a malformed email', { email: 'buyer@' }, 'email', 'Enter a valid email address, like name@example.com.'],
    ['quantity 0', { quantity: '0' }, 'quantity', 'Enter a whole number from 1 to 100.'],
    ['quantity 101', { quantity: '101' }, 'quantity', 'Enter a whole number from 1 to 100.'],
    ['quantity 1.5', { quantity: '1.5' }, 'quantity', 'Enter a whole number from 1 to 100.'],
    // The spec's limits (CheckoutSessionCreateRequest): customerEmail ≤ 254, discountCode ≤ 40 characters.
    [
      'a 255-character email',
      { email: `${'a'.repeat(243)}@example.com` },
      'email',
      'Enter a valid email address, like name@example.com.',
    ],
    [
      'a 41-character code',
      { discountCode: 'A'.repeat(41) },
      'discountCode',
      'Discount codes are at most 40 characters.',
    ],
  ])('%s → a field error, nothing charged', async (_name, change, field, message) => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard, ...change });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, field)).toBe(message);
    expect(textOf(page.html, 'form-alert')).toMatch(/^Please check: /);
    expect((await sessionOf(checkout.id)).status).toBe('open');
    expect(await orderCount()).toBe(0);
  });

  it('an expiry in the current month is still accepted', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard, cardExpiry: '11/26' });
    expect(page.status).toBe(303);
  });

  it('reports every field problem at once and keeps what was typed, except card number and CVC', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, {
      email: 'nope',
      cardNumber: '1234',
      cardExpiry: '01/20',
      cardCvc: 'x',
      cardName: 'Ada',
    });
    expect(textOf(page.html, 'form-alert')).toBe(
      'Please check: Email, Card number, Expiry (MM/YY), Security code (CVC).',
    );
    const fields = formFields(page.html);
    expect(fields).toMatchObject({ email: 'nope', cardExpiry: '01/20', cardName: 'Ada', cardNumber: '', cardCvc: '' });
  });
});

describe('domain rules as field errors', () => {
  it('pay what you want below the minimum → field error, session unchanged', async () => {
    const pwyw = await pwywProduct(api);
    const checkout = await createCheckout(api, { productId: pwyw.id });
    const page = await submit(api, checkout.path, { email: 'buyer@example.com', customPrice: '4.99', ...goodCard });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'customPrice')).toBe('Enter at least $5.00.');
    expect(formFields(page.html).customPrice).toBe('4.99');
    expect(await sessionOf(checkout.id)).toMatchObject({ status: 'open', unit_amount: 15 });
  });

  it.each([
    ['above the maximum', '100.01', 'Enter at most $100.00.'],
    ['too precise', '15.001', 'USD amounts have at most 2 decimal places.'],
    ['not a number', 'fifteen', 'Enter an amount like 15 or 15.00.'],
    ['empty', '', 'Enter the amount you want to pay.'],
    // Past the spec's maximum customPrice (1,000,000), before any product rule.
    ['over the API maximum', '1000000.01', 'That amount is too large.'],
    ['with more digits than the API maximum', '12345678', 'Enter an amount like 15 or 15.00.'],
  ])('pay what you want %s → field error', async (_name, customPrice, message) => {
    const pwyw = await pwywProduct(api);
    const checkout = await createCheckout(api, { productId: pwyw.id });
    const page = await submit(api, checkout.path, { email: 'buyer@example.com', customPrice, ...goodCard });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'customPrice')).toBe(message);
  });

  it('an unknown discount code → field error', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, { email: 'buyer@example.com', discountCode: 'NOPE', ...goodCard });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'discountCode')).toBe('This discount code is not valid.');
  });

  it('a discount that expired after the session was created shows on the page and blocks payment', async () => {
    const expiresAt = new Date(api.clock.now().getTime() + 3600_000).toISOString();
    await discount(api, { code: 'SOON', type: 'percent', percentOff: 20, expiresAt });
    const checkout = await createCheckout(api, { productId: product.id, discountCode: 'SOON' });
    api.clock.advance(2 * 3600_000);
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(200);
    expect(fieldError(page.html, 'discountCode')).toMatch(/^Discount code "SOON" expired at /);
    expect(textOf(page.html, 'total-due')).toBe('$19.99');
    const paid = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard });
    expect(paid.status).toBe(422);
    expect((await sessionOf(checkout.id)).status).toBe('open');
    // Clearing the code lets the customer pay the full price, after seeing it.
    const cleared = await submit(
      api,
      checkout.path,
      { discountCode: '', ...goodCard },
      { rendered: formFields(paid.html) },
    );
    expect(cleared.status).toBe(303);
    expect(await sessionOf(checkout.id)).toMatchObject({ status: 'completed', total: 19.99, discount_code: null });
  });

  it('a discount exhausted by another buyer in between → field error, nothing charged', async () => {
    await discount(api, { code: 'ONCE', type: 'percent', percentOff: 10, maxRedemptions: 1 });
    const a = await createCheckout(api, { productId: product.id, discountCode: 'ONCE' });
    const b = await createCheckout(api, { productId: product.id, discountCode: 'ONCE' });
    const renderedB = formFields((await getPage(api, b.path)).html);
    expect((await submit(api, a.path, { email: 'a@example.com', ...goodCard })).status).toBe(303);
    const page = await submit(api, b.path, { email: 'b@example.com', ...goodCard }, { rendered: renderedB });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'discountCode')).toBe('Discount code "ONCE" has reached its redemption limit.');
    expect((await sessionOf(b.id)).status).toBe('open');
    expect(await orderCount()).toBe(1);
  });
});

describe('sessions that are not open', () => {
  it('expired: a clear page instead of the form, and a POST charges nothing', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const rendered = formFields((await getPage(api, checkout.path)).html);
    api.clock.advance(25 * 3600_000);
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(410);
    expect(page.html).toContain('This checkout has expired');
    expect(page.html).not.toContain('<form');
    const post = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard }, { rendered });
    expect(post.status).toBe(410);
    expect(await orderCount()).toBe(0);
  });

  it('expired through the API: same page', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    await api.request('POST', `/v1/checkout/${checkout.id}/expire`);
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(410);
    expect(page.html).toContain('This checkout has expired');
  });

  it('completed elsewhere: the receipt ("already paid"), no form', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const { order } = await completeCheckout(
      api.deps,
      { accountId: api.account.account_id, mode: 'test' },
      checkout.id,
      {
        customerEmail: 'paid@example.com',
      },
    );
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('This checkout is paid — you will not be charged again.');
    expect(textOf(page.html, 'order-id')).toBe(order.id);
    expect(page.html).not.toContain('<form');
  });
});

describe('unknown or mismatched URLs → 404 HTML', () => {
  it.each([
    [
      'an unknown checkout id',
      (p: string, id: string) => `/checkout/test/${p}?checkout_id=${id.replace(/.{4}$/, '0000')}`,
    ],
    ['a malformed checkout id', (p: string) => `/checkout/test/${p}?checkout_id=not-a-uuid`],
    ['no checkout id', (p: string) => `/checkout/test/${p}`],
    ['another product', (_p: string, id: string) => `/checkout/test/prod_00000000000000?checkout_id=${id}`],
    ['the other mode', (p: string, id: string) => `/checkout/live/${p}?checkout_id=${id}`],
    ['an unknown mode', (p: string, id: string) => `/checkout/demo/${p}?checkout_id=${id}`],
    ['a path without product', (_p: string, id: string) => `/checkout/test?checkout_id=${id}`],
  ])('%s', async (_name, build) => {
    const checkout = await createCheckout(api, { productId: product.id });
    const path = build(product.id, checkout.id);
    for (const method of ['GET', 'POST']) {
      const res = await api.app.request(path, {
        method,
        ...(method === 'POST'
          ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.co' }
          : {}),
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(await res.text()).toContain('Checkout not found');
    }
  });

  it("another account's checkout id with this account's product is not found", async () => {
    const other = await api.newAccount('test');
    const otherProduct = await fixedProduct(api, other.key);
    const otherCheckout = await createCheckout(api, { productId: otherProduct.id }, other.key);
    const page = await getPage(api, `/checkout/test/${product.id}?checkout_id=${otherCheckout.id}`);
    expect(page.status).toBe(404);
  });
});

describe('live mode', () => {
  it('says live payments are not enabled and shows no payment form; a POST charges nothing', async () => {
    const live = await api.newAccount('live');
    const liveProduct = await fixedProduct(api, live.key);
    const checkout = await createCheckout(
      api,
      { productId: liveProduct.id, customerEmail: 'buyer@example.com' },
      live.key,
    );
    expect(checkout.path).toMatch(/^\/checkout\/live\//);
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Live payments are not enabled for this account');
    expect(page.html).toContain('Pro icon pack');
    expect(page.html).not.toContain('<form');
    expect(page.html).not.toContain('cardNumber');

    const post = await submit(
      api,
      checkout.path,
      { email: 'buyer@example.com', ...goodCard, _token: 'x' },
      { rendered: {} },
    );
    expect(post.status).toBe(403);
    expect(post.html).toContain('Live payments are not enabled for this account');
    const session = await api.request('GET', `/v1/checkout/${checkout.id}`, { key: live.key });
    expect(session.body).toMatchObject({ status: 'open', order_id: null });
  });
});

describe('text the API refuses (NUL, broken percent-encoding): a clear page, never a 500', () => {
  const unacceptable =
    'This contains a character we cannot accept (such as an invisible control character). Retype it and try again.';
  const typed = { email: 'buyer@example.com', quantity: '1', discountCode: '', ...goodCard };

  it.each(['email', 'quantity', 'discountCode', 'cardNumber', 'cardExpiry', 'cardCvc', 'cardName'])(
    'a NUL in %s is a field error; nothing is stored or charged',
    async (field) => {
      const checkout = await createCheckout(api, { productId: product.id });
      const value = `${typed[field as keyof typeof typed] || 'SAVE'}\u0000`;
      const page = await submit(api, checkout.path, { ...typed, [field]: value });
      expect(page.status).toBe(422);
      expect(fieldError(page.html, field)).toBe(unacceptable);
      expect(page.html).not.toContain('\u0000');
      expect(await sessionOf(checkout.id)).toMatchObject({ status: 'open', customer_email: null, order_id: null });
      expect(await orderCount()).toBe(0);
    },
  );

  it('a NUL in the pay-what-you-want price is a field error too', async () => {
    const pwyw = await pwywProduct(api);
    const checkout = await createCheckout(api, { productId: pwyw.id });
    const page = await submit(api, checkout.path, { ...typed, customPrice: '15\u0000' });
    expect(page.status).toBe(422);
    expect(fieldError(page.html, 'customPrice')).toBe(unacceptable);
  });

  it('a fixed-price page ignores a customPrice field, even one with NUL', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await submit(api, checkout.path, { ...typed, customPrice: '\u0000' });
    expect(page.status).toBe(303);
  });

  it.each([
    ['checkout_id with NUL', (path: string) => path.replace('checkout_id=', 'checkout_id=%00')],
    ['checkout_id with %ff', (path: string) => path.replace('checkout_id=', 'checkout_id=%ff')],
    ['product id with NUL', (path: string) => path.replace('/checkout/test/', '/checkout/test/%00')],
    ['mode with a broken escape', (path: string) => path.replace('/checkout/test/', '/checkout/te%e2%82st/')],
  ])('%s in the page URL: the not-found page as 400, for GET and POST', async (_name, mangle) => {
    const checkout = await createCheckout(api, { productId: product.id });
    const page = await getPage(api, mangle(checkout.path));
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html).toContain('Checkout not found');
    const post = await submit(api, mangle(checkout.path), typed, {
      rendered: formFields((await getPage(api, checkout.path)).html),
    });
    expect(post.status).toBe(400);
    expect((await sessionOf(checkout.id)).status).toBe('open');
  });

  it('a body that is not a form at all (broken multipart) is a 400 page, not a 500', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    const res = await api.app.request(checkout.path, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'sec-fetch-site': 'same-origin' },
      body: '--x\r\nnot a part\r\n',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('We could not accept this form submission');
  });
});
