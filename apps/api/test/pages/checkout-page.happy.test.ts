import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { discount, fixedProduct, pwywProduct } from '../support/fixtures';
import { createCheckout, formFields, getPage, goodCard, submit, textOf } from './page-client';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

async function product(body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await api.request('POST', '/v1/products', {
    body: { name: 'Pro icon pack', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 19.99 }], ...body },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

describe('GET /checkout/{mode}/{productId}?checkout_id=…', () => {
  it('renders the product, price, totals and every field, pre-filled from the session', async () => {
    const { id: productId } = await product({ description: '1,200 hand-drawn SVG icons.' });
    await discount(api, { code: 'PROMO10', type: 'percent', percentOff: 10 });
    const checkout = await createCheckout(api, {
      productId,
      quantity: 2,
      discountCode: 'PROMO10',
      customerEmail: 'customer@example.com',
      customFields: { userId: 'user_9983', plan: 'Team' },
    });
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html).toContain('<h1 id="product-name">Pro icon pack</h1>');
    expect(page.html).toContain('1,200 hand-drawn SVG icons.');
    expect(page.html).toContain('$19.99');
    // Totals from the domain rules: 2 × 19.99 = 39.98, 10 % off = 4.00 → 35.98.
    expect(textOf(page.html, 'total-due')).toBe('$35.98');
    expect(page.html).toContain('−$4.00');
    expect(page.html).toContain('<dt>userId</dt><dd>user_9983</dd>');
    expect(page.html).toContain('<dt>plan</dt><dd>Team</dd>');

    const fields = formFields(page.html);
    expect(fields).toMatchObject({
      email: 'customer@example.com',
      quantity: '2',
      discountCode: 'PROMO10',
      expectedTotal: '3598',
    });
    expect(fields._token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const name of ['email', 'quantity', 'discountCode', 'cardNumber', 'cardExpiry', 'cardCvc', 'cardName']) {
      expect(page.html).toContain(`<label for="${name}">`);
      expect(page.html).toMatch(new RegExp(`<input id="${name}" name="${name}"`));
    }
    expect(page.html).not.toContain('id="customPrice"');
    expect(page.html).toMatch(/<form method="post" action="\/checkout\/test\/prod_\w+\?checkout_id=[0-9a-f-]{36}"/);
    expect(page.html).not.toMatch(/<script/i);
  });

  it('pay what you want: a price input with minimum, suggested and maximum', async () => {
    const pwyw = await pwywProduct(api);
    const checkout = await createCheckout(api, { productId: pwyw.id });
    const page = await getPage(api, checkout.path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="customPrice">Your price (USD)</label>');
    expect(formFields(page.html).customPrice).toBe('15.00');
    expect(textOf(page.html, 'customPrice-hint')).toBe(
      'Choose any amount: minimum $5.00, suggested $15.00, maximum $100.00.',
    );
    expect(page.html).toMatch(/<input id="customPrice"[^>]*aria-describedby="customPrice-hint"/);
  });

  it('serves pages with security headers', async () => {
    const fixed = await fixedProduct(api);
    const checkout = await createCheckout(api, { productId: fixed.id });
    const page = await getPage(api, checkout.path);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('request-id')).toMatch(/^req_/);
  });
});

describe('POST /checkout/{mode}/{productId}?checkout_id=… (test mode)', () => {
  it('pays with 4242…: one order, the session completed, the receipt shown', async () => {
    const fixed = await fixedProduct(api);
    const checkout = await createCheckout(api, { productId: fixed.id, customFields: { userId: 'user_9983' } });
    const paid = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(checkout.path);

    const session = await api.request('GET', `/v1/checkout/${checkout.id}`);
    expect(session.body).toMatchObject({ status: 'completed', customer_email: 'buyer@example.com', total: 19.99 });
    const orders = await api.request('GET', '/v1/orders');
    expect(orders.body.data).toHaveLength(1);
    expect(orders.body.data[0]).toMatchObject({
      id: session.body.order_id,
      checkout_id: checkout.id,
      total: 19.99,
      customer_email: 'buyer@example.com',
      custom_fields: { userId: 'user_9983' },
    });
    const events = await api.request('GET', '/v1/events');
    expect(events.body.data.map((e: { type: string }) => e.type).sort()).toEqual([
      'checkout.completed',
      'order.created',
    ]);

    const receipt = await getPage(api, checkout.path);
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain('Payment received');
    expect(textOf(receipt.html, 'order-id')).toBe(session.body.order_id);
    expect(textOf(receipt.html, 'receipt-email')).toBe('buyer@example.com');
    expect(textOf(receipt.html, 'total-paid')).toBe('$19.99');
    expect(receipt.html).not.toContain('<form');
  });

  it('a double submit makes one order; the second submit shows the receipt', async () => {
    const fixed = await fixedProduct(api);
    const checkout = await createCheckout(api, { productId: fixed.id });
    const rendered = formFields((await getPage(api, checkout.path)).html);
    const fields = { email: 'buyer@example.com', ...goodCard };
    const [first, second] = await Promise.all([
      submit(api, checkout.path, fields, { rendered }),
      submit(api, checkout.path, fields, { rendered }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 303]);
    const again = first.status === 200 ? first : second;
    expect(again.html).toContain('Payment received');
    const third = await submit(api, checkout.path, fields, { rendered });
    expect(third.status).toBe(200);
    expect(third.html).toContain('Payment received');
    expect((await api.request('GET', '/v1/orders')).body.data).toHaveLength(1);
  });

  it("redirects to the product's redirect_url with checkout_id and order_id", async () => {
    const { id: productId } = await product({ redirectUrl: 'https://shop.example.com/thanks?from=solifyn' });
    const checkout = await createCheckout(api, { productId });
    const page = await getPage(api, checkout.path);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://shop.example.com");
    const paid = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard });
    expect(paid.status).toBe(303);
    const location = new URL(paid.headers.get('location') ?? '');
    const orderId = (await api.request('GET', `/v1/checkout/${checkout.id}`)).body.order_id;
    expect(location.origin + location.pathname).toBe('https://shop.example.com/thanks');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      from: 'solifyn',
      checkout_id: checkout.id,
      order_id: orderId,
    });
    // Visiting the checkout again shows the receipt with a link back to the shop.
    const receipt = await getPage(api, checkout.path);
    expect(receipt.html).toContain(`href="${location.href.replaceAll('&', '&amp;')}"`);
  });

  it('a changed quantity and code are re-priced, stored, and shown before anything is charged', async () => {
    const fixed = await fixedProduct(api);
    await discount(api, { code: 'HALF', type: 'percent', percentOff: 50 });
    const checkout = await createCheckout(api, { productId: fixed.id });
    const changed = await submit(api, checkout.path, {
      email: 'buyer@example.com',
      quantity: '3',
      discountCode: 'half',
      ...goodCard,
    });
    expect(changed.status).toBe(200);
    // 3 × 19.99 = 59.97, half off (rounded half up) = 29.99 → 29.98.
    expect(textOf(changed.html, 'form-alert')).toBe(
      'Your total is now $29.98. Check it, enter your card details again and pay.',
    );
    expect(textOf(changed.html, 'total-due')).toBe('$29.98');
    expect((await api.request('GET', '/v1/orders')).body.data).toHaveLength(0);
    const session = await api.request('GET', `/v1/checkout/${checkout.id}`);
    expect(session.body).toMatchObject({ status: 'open', quantity: 3, discount_code: 'HALF', total: 29.98 });

    const paid = await submit(api, checkout.path, goodCard, { rendered: formFields(changed.html) });
    expect(paid.status).toBe(303);
    const [order] = (await api.request('GET', '/v1/orders')).body.data;
    expect(order).toMatchObject({ quantity: 3, discount_code: 'HALF', discount_amount: 29.99, total: 29.98 });
  });

  it('pay what you want: pays the price the customer typed', async () => {
    const pwyw = await pwywProduct(api);
    const checkout = await createCheckout(api, { productId: pwyw.id });
    const changed = await submit(api, checkout.path, { email: 'buyer@example.com', customPrice: '42.50', ...goodCard });
    expect(textOf(changed.html, 'total-due')).toBe('$42.50');
    expect(formFields(changed.html).customPrice).toBe('42.50');
    const paid = await submit(api, checkout.path, goodCard, { rendered: formFields(changed.html) });
    expect(paid.status).toBe(303);
    expect((await api.request('GET', `/v1/checkout/${checkout.id}`)).body).toMatchObject({
      status: 'completed',
      unit_amount: 42.5,
      total: 42.5,
    });
  });
});
