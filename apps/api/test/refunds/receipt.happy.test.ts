import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';
import { createCheckout, getPage, goodCard, submit, textOf } from '../pages/page-client';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('the hosted receipt of a refunded order', () => {
  it('says paid, then partially refunded with the amount, then refunded in full', async () => {
    const product = await fixedProduct(api);
    const checkout = await createCheckout(api, { productId: product.id, quantity: 2 });
    expect((await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard })).status).toBe(303);
    const { body: session } = await api.request('GET', `/v1/checkout/${checkout.id}`);

    const paid = await getPage(api, checkout.path);
    expect(paid.html).toContain('Payment received');
    expect(textOf(paid.html, 'amount-refunded')).toBeUndefined();
    expect(textOf(paid.html, 'refund-status')).toBeUndefined();

    await api.request('POST', `/v1/orders/${session.order_id}/refunds`, { body: { amount: 10 } });
    const partly = await getPage(api, checkout.path);
    expect(partly.status).toBe(200);
    expect(partly.html).toContain('Payment received');
    expect(partly.html).toContain('<dt>Partially refunded</dt>');
    expect(textOf(partly.html, 'amount-refunded')).toBe('$10.00');
    expect(textOf(partly.html, 'total-paid')).toBe('$39.98');
    expect(textOf(partly.html, 'refund-status')).toBe('$10.00 of this order was refunded to you.');

    await api.request('POST', `/v1/orders/${session.order_id}/refunds`, { body: {} });
    const whole = await getPage(api, checkout.path);
    expect(whole.html).toContain('<title>Payment refunded');
    expect(whole.html).toContain('<h1 id="receipt-heading">Payment refunded</h1>');
    expect(textOf(whole.html, 'amount-refunded')).toBe('$39.98');
    expect(textOf(whole.html, 'refund-status')).toBe(
      'This order was refunded in full: $39.98 is on its way back to you.',
    );
    expect(whole.html).not.toContain('<form');
  });
});
