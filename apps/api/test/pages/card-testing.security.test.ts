import { beforeEach, describe, expect, it } from 'vitest';
import { clientFailureLimit, sessionFailureLimit } from '../../src/pages/card-testing';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';
import { createCheckout, declinedCard, goodCard, submit } from './page-client';

/**
 * Card testing: the hosted page is where stolen numbers get tried. Failed attempts are bounded per session and per
 * client address; past the bound the page refuses to take a payment, even with a good card.
 */
let api: TestApi;
let product: { id: string };
beforeEach(async () => {
  api = await testApi();
  product = await fixedProduct(api);
});

const buyer = { email: 'buyer@example.com' };

describe('card-testing protection on the hosted page (test mode)', () => {
  it(`${sessionFailureLimit.requests} failed attempts lock the session: a good card is then refused, and the API shows the lock`, async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    for (let i = 0; i < sessionFailureLimit.requests - 1; i++) {
      expect((await submit(api, checkout.path, { ...buyer, ...declinedCard })).status).toBe(402);
    }
    // A number that cannot be a card counts as a failed attempt too.
    const invalid = await submit(api, checkout.path, { ...buyer, ...goodCard, cardNumber: '4242 4242 4242 4241' });
    expect(invalid.status).toBe(422);

    const refused = await submit(api, checkout.path, { ...buyer, ...goodCard });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('payment_attempts_exceeded');
    expect(refused.html).toContain('Nothing was charged');

    const session = await api.request('GET', `/v1/checkout/${checkout.id}`);
    expect(session.body.status).toBe('open');
    const lockedUntil = Date.parse(session.body.payment_locked_until);
    expect(lockedUntil - api.clock.now().getTime()).toBe(sessionFailureLimit.windowSeconds * 1000);
    expect((await api.request('GET', '/v1/orders')).body.data).toEqual([]);

    // After the lock, the same session takes a payment again.
    api.clock.advance(sessionFailureLimit.windowSeconds * 1000 + 1000);
    expect((await submit(api, checkout.path, { ...buyer, ...goodCard })).status).toBe(303);
  });

  it('a session under the bound still pays, and its lock field stays null', async () => {
    const checkout = await createCheckout(api, { productId: product.id });
    for (let i = 0; i < sessionFailureLimit.requests - 1; i++) {
      expect((await submit(api, checkout.path, { ...buyer, ...declinedCard })).status).toBe(402);
    }
    expect((await submit(api, checkout.path, { ...buyer, ...goodCard })).status).toBe(303);
    const session = await api.request('GET', `/v1/checkout/${checkout.id}`);
    expect([session.body.status, session.body.payment_locked_until]).toEqual(['completed', null]);
  });

  it(`${clientFailureLimit.requests} failed attempts from one client across sessions refuse that client on a fresh session`, async () => {
    const perSession = sessionFailureLimit.requests - 1;
    let failures = 0;
    while (failures < clientFailureLimit.requests) {
      const checkout = await createCheckout(api, { productId: product.id });
      for (let i = 0; i < perSession && failures < clientFailureLimit.requests; i++, failures++) {
        expect((await submit(api, checkout.path, { ...buyer, ...declinedCard })).status).toBe(402);
      }
    }
    const fresh = await createCheckout(api, { productId: product.id });
    const refused = await submit(api, fresh.path, { ...buyer, ...goodCard });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('payment_attempts_exceeded');
    // The fresh session itself is not locked: the refusal is the client's.
    expect((await api.request('GET', `/v1/checkout/${fresh.id}`)).body.payment_locked_until).toBeNull();
  });
});
