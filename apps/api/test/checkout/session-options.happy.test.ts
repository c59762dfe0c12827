import { describe, expect, it } from 'vitest';
import { expireCheckoutSessions } from '../../src/jobs/sweeper';
import { createCheckout, formFields, getPage, goodCard, submit } from '../pages/page-client';
import { at, minutes, sessionOptionsPerTest } from './session-options-support';

const t = sessionOptionsPerTest();

describe('POST /v1/checkout/create with successUrl, cancelUrl and expiresAt', () => {
  it('stores each option; retrieve and list show them; the 201 stays {id, session_id, checkout_url}', async () => {
    const { api, product, create } = t;
    const options = {
      successUrl: 'https://shop.example.com/thanks?checkout={CHECKOUT_ID}&order={ORDER_ID}',
      cancelUrl: 'https://shop.example.com/pricing',
      expiresAt: at(minutes(45)),
    };
    const created = await create({ productId: product.id, ...options });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['checkout_url', 'id', 'session_id']);

    const session = await api.request('GET', `/v1/checkout/${created.body.id}`);
    expect(session.body).toMatchObject({
      status: 'open',
      success_url: options.successUrl,
      cancel_url: options.cancelUrl,
      expires_at: '2026-11-24T12:45:00.000Z',
    });
    const list = await api.request('GET', '/v1/checkout');
    expect(list.body.data[0]).toMatchObject({
      id: created.body.id,
      success_url: options.successUrl,
      cancel_url: options.cancelUrl,
      expires_at: '2026-11-24T12:45:00.000Z',
    });
  });

  it('each option alone; without them: null URLs and 24 h', async () => {
    const { api, product, create } = t;
    const onlySuccess = await create({ productId: product.id, successUrl: 'http://localhost:8080/done' });
    const onlyCancel = await create({ productId: product.id, cancelUrl: 'https://shop.example.com/' });
    const onlyExpiry = await create({ productId: product.id, expiresAt: '2026-11-24T14:00:00+01:00' });
    const none = await create({ productId: product.id });
    const read = async (id: string) => {
      const { success_url, cancel_url, expires_at } = (await api.request('GET', `/v1/checkout/${id}`)).body;
      return { success_url, cancel_url, expires_at };
    };
    expect(await read(onlySuccess.body.id)).toEqual({
      success_url: 'http://localhost:8080/done',
      cancel_url: null,
      expires_at: '2026-11-25T12:00:00.000Z',
    });
    expect(await read(onlyCancel.body.id)).toEqual({
      success_url: null,
      cancel_url: 'https://shop.example.com/',
      expires_at: '2026-11-25T12:00:00.000Z',
    });
    // An offset is read as the instant it names (13:00 UTC: an hour from now).
    expect(await read(onlyExpiry.body.id)).toEqual({
      success_url: null,
      cancel_url: null,
      expires_at: '2026-11-24T13:00:00.000Z',
    });
    expect(await read(none.body.id)).toEqual({
      success_url: null,
      cancel_url: null,
      expires_at: '2026-11-25T12:00:00.000Z',
    });
  });

  it('accepts exactly 30 minutes and exactly 24 hours', async () => {
    const { api, product, create } = t;
    for (const ahead of [minutes(30), minutes(24 * 60)]) {
      const created = await create({ productId: product.id, expiresAt: at(ahead) });
      expect(created.status).toBe(201);
      expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body.expires_at).toBe(at(ahead));
    }
  });

  it('a 45-minute session expires at 45 minutes: retrieve, list, sweeper, page and payment agree', async () => {
    const { api, product } = t;
    const checkout = await createCheckout(api, { productId: product.id, expiresAt: at(minutes(45)) });
    const rendered = formFields((await getPage(api, checkout.path)).html);

    api.clock.advance(minutes(45) - 1);
    expect((await api.request('GET', `/v1/checkout/${checkout.id}`)).body.status).toBe('open');
    expect((await getPage(api, checkout.path)).status).toBe(200);

    api.clock.advance(1);
    expect((await api.request('GET', `/v1/checkout/${checkout.id}`)).body.status).toBe('expired');
    const expired = await api.request('GET', '/v1/checkout?status=expired');
    expect(expired.body.data.map((s: { id: string }) => s.id)).toEqual([checkout.id]);
    expect((await api.request('GET', '/v1/checkout?status=open')).body.data).toEqual([]);
    const page = await getPage(api, checkout.path);
    expect([page.status, page.html.includes('This checkout has expired')]).toEqual([410, true]);
    // The form loaded while it was open is refused now: nothing is charged, no order exists.
    const paid = await submit(api, checkout.path, { email: 'late@example.com', ...goodCard }, { rendered });
    expect([paid.status, paid.html.includes('This checkout has expired')]).toEqual([410, true]);
    expect((await api.request('GET', '/v1/orders')).body.data).toEqual([]);

    expect(await expireCheckoutSessions(api.deps)).toBe(1);
    const events = await api.request('GET', '/v1/events?type=checkout.expired');
    expect(events.body.data[0].data.object).toMatchObject({ id: checkout.id, expires_at: at(minutes(45)) });
  });
});

describe('checkoutId updates of the options', () => {
  for (const withKey of [false, true]) {
    it(`replaces the URLs and moves the expiry while open${withKey ? ' (with an Idempotency-Key)' : ''}`, async () => {
      const { api, product, create } = t;
      const headers = (n: number) => (withKey ? { 'idempotency-key': `update-${n}` } : undefined);
      const created = await create(
        {
          productId: product.id,
          successUrl: 'https://a.example.com/ok',
          cancelUrl: 'https://a.example.com/back',
          expiresAt: at(minutes(40)),
        },
        headers(1),
      );
      api.clock.advance(minutes(10));
      const changed = await create(
        {
          productId: product.id,
          checkoutId: created.body.id,
          successUrl: 'https://b.example.com/ok/{ORDER_ID}',
          cancelUrl: 'https://b.example.com/back',
          expiresAt: at(minutes(10 + 120)),
        },
        headers(2),
      );
      expect(changed.status).toBe(201);
      expect(changed.body.id).toBe(created.body.id);
      expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body).toMatchObject({
        success_url: 'https://b.example.com/ok/{ORDER_ID}',
        cancel_url: 'https://b.example.com/back',
        expires_at: at(minutes(130)),
      });

      // Left out: the URLs are replaced by none (like every other field), the expiry stays where it is.
      const cleared = await create({ productId: product.id, checkoutId: created.body.id }, headers(3));
      expect(cleared.status).toBe(201);
      expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body).toMatchObject({
        success_url: null,
        cancel_url: null,
        expires_at: at(minutes(130)),
      });

      // Moved past the old 40 minutes, the session is still open at 100.
      api.clock.advance(minutes(90));
      expect((await api.request('GET', `/v1/checkout/${created.body.id}`)).body.status).toBe('open');
    });
  }

  it('the hosted page changing the quantity keeps the options', async () => {
    const { api, product } = t;
    const checkout = await createCheckout(api, {
      productId: product.id,
      successUrl: 'https://shop.example.com/ok',
      cancelUrl: 'https://shop.example.com/back',
      expiresAt: at(minutes(60)),
    });
    const shown = await submit(api, checkout.path, { email: 'buyer@example.com', quantity: '2', ...goodCard });
    expect(shown.html).toContain('Your total is now');
    expect((await api.request('GET', `/v1/checkout/${checkout.id}`)).body).toMatchObject({
      quantity: 2,
      success_url: 'https://shop.example.com/ok',
      cancel_url: 'https://shop.example.com/back',
      expires_at: at(minutes(60)),
    });
  });
});

describe('the hosted page with the options', () => {
  it('after paying, sends the customer to successUrl with the ids in place, over the product redirect_url', async () => {
    const { api } = t;
    const withRedirect = await api.request('POST', '/v1/products', {
      body: { name: 'Kit', prices: [{ currency: 'usd', amount: 5 }], redirectUrl: 'https://product.example.com/x' },
    });
    const checkout = await createCheckout(api, {
      productId: withRedirect.body.id,
      successUrl: 'https://shop.example.com/thanks/{ORDER_ID}?checkout={CHECKOUT_ID}&again={CHECKOUT_ID}',
    });
    const page = await getPage(api, checkout.path);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://shop.example.com");
    const paid = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard });
    expect(paid.status).toBe(303);
    const orderId = (await api.request('GET', `/v1/checkout/${checkout.id}`)).body.order_id;
    expect(orderId).toMatch(/^ord_/);
    expect(paid.headers.get('location')).toBe(
      `https://shop.example.com/thanks/${orderId}?checkout=${checkout.id}&again=${checkout.id}`,
    );
    // The receipt's link back to the shop goes to the same place.
    const receipt = await getPage(api, checkout.path);
    expect(receipt.html).toContain(`href="${paid.headers.get('location')!.replaceAll('&', '&amp;')}"`);
  });

  it('without a successUrl the product redirect_url still applies', async () => {
    const { api } = t;
    const withRedirect = await api.request('POST', '/v1/products', {
      body: { name: 'Kit', prices: [{ currency: 'usd', amount: 5 }], redirectUrl: 'https://product.example.com/x' },
    });
    const checkout = await createCheckout(api, { productId: withRedirect.body.id, cancelUrl: 'https://a.example/' });
    const paid = await submit(api, checkout.path, { email: 'buyer@example.com', ...goodCard });
    expect(new URL(paid.headers.get('location')!).origin).toBe('https://product.example.com');
  });

  it('shows "Back to <host>" to cancelUrl on the open page and on the expired page', async () => {
    const { api, product } = t;
    const checkout = await createCheckout(api, {
      productId: product.id,
      cancelUrl: 'https://shop.example.com/pricing?plan=pro&from=checkout',
      expiresAt: at(minutes(30)),
    });
    const link =
      '<a id="cancel-link" href="https://shop.example.com/pricing?plan=pro&amp;from=checkout" rel="noreferrer">' +
      '← Back to shop.example.com</a>';
    expect((await getPage(api, checkout.path)).html).toContain(link);
    api.clock.advance(minutes(30));
    const expired = await getPage(api, checkout.path);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain(link);
    const plain = await createCheckout(api, { productId: product.id });
    expect((await getPage(api, plain.path)).html).not.toContain('cancel-link');
  });
});
