/**
 * Every resource method of the `solifyn` SDK against the real server in-process: results have the wire shape plus
 * camelCase aliases, list methods page through everything, and every response follows the spec.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError } from 'solifyn';
import { payCheckout } from '../support/fixtures';
import { sdkPerTest } from './sdk-client';

const t = sdkPerTest();

function createProduct(name = 'Pro icon pack') {
  return t.solifyn.products.create({
    name,
    pricingType: 'fixed',
    prices: [
      { currency: 'usd', amount: 19.99 },
      { currency: 'eur', amount: 17.99 },
    ],
  });
}

/** The wire shape: what JSON.stringify shows, i.e. the own enumerable properties only. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('checkout', () => {
  it('createSession returns the seed shape with camelCase aliases', async () => {
    const { sdk, solifyn } = t;
    const product = await createProduct();
    const session = await solifyn.checkout.createSession({
      productId: product.id,
      quantity: 1,
      customerEmail: 'customer@example.com',
      customFields: { userId: 'user_9983' },
    });
    expect(Object.keys(session).sort()).toEqual(['checkout_url', 'id', 'session_id']);
    expect(session.checkout_url).toBe(`http://localhost:3000/checkout/test/${product.id}?checkout_id=${session.id}`);
    expect(session.checkoutUrl).toBe(session.checkout_url);
    expect(session.sessionId).toBe(session.session_id);
    expect(JSON.parse(JSON.stringify(session))).toEqual({
      id: session.id,
      session_id: session.session_id,
      checkout_url: session.checkout_url,
    });
    expect(sdk.exchanges.at(-1)).toMatchObject({ method: 'POST', path: '/v1/checkout/create', status: 201 });
  });

  it('retrieve by id and by session_id; user maps come back exactly as stored', async () => {
    const { solifyn } = t;
    const product = await createProduct();
    const created = await solifyn.checkout.createSession({
      productId: product.id,
      quantity: 2,
      customerEmail: 'buyer@example.com',
      customFields: { user_id: 'u_1', order_ref: 'A-7' },
      checkoutData: { cart_items: [{ sku_code: 'x' }] },
    });
    const byId = await solifyn.checkout.retrieve(created.id);
    const bySessionId = await solifyn.checkout.retrieve(created.session_id);
    expect(wire(bySessionId)).toEqual(wire(byId));
    expect(byId).toMatchObject({
      id: created.id,
      object: 'checkout_session',
      session_id: created.session_id,
      status: 'open',
      product_id: product.id,
      quantity: 2,
      currency: 'usd',
      unit_amount: 19.99,
      total: 39.98,
      customer_email: 'buyer@example.com',
    });
    expect(byId.productId).toBe(product.id);
    expect(byId.unitAmount).toBe(19.99);
    expect(byId.customerEmail).toBe('buyer@example.com');
    expect(byId.expiresAt).toBe(byId.expires_at);
    // Free-form maps are never aliased: no `userId` invented next to the user's `user_id`.
    expect(byId.custom_fields).toEqual({ user_id: 'u_1', order_ref: 'A-7' });
    expect('userId' in byId.custom_fields).toBe(false);
    expect(byId.customFields).toBe(byId.custom_fields);
    expect(byId.checkout_data).toEqual({ cart_items: [{ sku_code: 'x' }] });
    expect('cartItems' in (byId.checkout_data as object)).toBe(false);
    expect(Object.keys(byId)).not.toContain('sessionId');
  });

  it('list filters and aliases every page and item', async () => {
    const { solifyn } = t;
    const product = await createProduct();
    const a = await solifyn.checkout.createSession({ productId: product.id });
    const b = await solifyn.checkout.createSession({ productId: product.id });
    await solifyn.checkout.expire(a.id);

    const open = await solifyn.checkout.list({ status: 'open' });
    expect(open.data.map((s) => s.id)).toEqual([b.id]);
    expect(open.has_more).toBe(false);
    expect(open.hasMore).toBe(false);
    expect(open.nextCursor).toBe(open.next_cursor);
    expect(open.data[0]?.sessionId).toBe(b.session_id);

    const all = await solifyn.checkout.list({ productId: product.id });
    expect(all.data.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(Object.keys(wire(all) as object).sort()).toEqual(['data', 'has_more', 'next_cursor']);
  });

  it('expire closes an open session and records checkout.expired', async () => {
    const { solifyn } = t;
    const product = await createProduct();
    const session = await solifyn.checkout.createSession({ productId: product.id });
    const expired = await solifyn.checkout.expire(session.id);
    expect(expired).toMatchObject({ id: session.id, status: 'expired' });
    expect((await solifyn.checkout.retrieve(session.id)).status).toBe('expired');

    const events = await solifyn.events.list({ type: 'checkout.expired' });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]?.data.object).toMatchObject({
      object: 'checkout_session',
      id: session.id,
      status: 'expired',
    });
  });
});

describe('products', () => {
  it('create, retrieve, update and list', async () => {
    const { solifyn } = t;
    const created = await solifyn.products.create({
      name: 'Pro icon pack',
      description: '1,200 icons',
      pricingType: 'fixed',
      prices: [
        { currency: 'usd', amount: 29 },
        { currency: 'eur', amount: 27 },
      ],
      defaultCurrency: 'eur',
      redirectUrl: 'https://example.com/thanks',
    });
    expect(created).toMatchObject({
      object: 'product',
      mode: 'test',
      name: 'Pro icon pack',
      pricing_type: 'fixed',
      default_currency: 'eur',
      redirect_url: 'https://example.com/thanks',
      active: true,
    });
    expect(created.id).toMatch(/^prod_[A-Za-z0-9]{14,}$/);
    expect(created.pricingType).toBe('fixed');
    expect(created.defaultCurrency).toBe('eur');
    expect(created.redirectUrl).toBe('https://example.com/thanks');
    // Nested objects get aliases too.
    expect(created.prices[0]).toMatchObject({ currency: 'usd', amount: 29, minimum_amount: null });
    expect(created.prices[0]?.minimumAmount).toBeNull();

    const retrieved = await solifyn.products.retrieve(created.id);
    expect(wire(retrieved)).toEqual(wire(created));

    const updated = await solifyn.products.update(created.id, { name: 'Pro icon pack v2', active: false });
    expect(updated).toMatchObject({ id: created.id, name: 'Pro icon pack v2', active: false });
    expect(updated.updatedAt).toBe(updated.updated_at);

    const other = await createProduct('Other');
    const active = await solifyn.products.list({ active: true });
    expect(active.data.map((p) => p.id)).toEqual([other.id]);
    const archived = await solifyn.products.list({ active: false });
    expect(archived.data.map((p) => p.id)).toEqual([created.id]);
  });
});

describe('discounts', () => {
  it('create, retrieve, list and deactivate', async () => {
    const { solifyn } = t;
    const product = await createProduct();
    const created = await solifyn.discounts.create({
      code: 'PROMO10',
      type: 'percent',
      percentOff: 10,
      maxRedemptions: 5,
    });
    expect(created).toMatchObject({
      object: 'discount',
      code: 'PROMO10',
      type: 'percent',
      percent_off: 10,
      amount_off: null,
      max_redemptions: 5,
      times_redeemed: 0,
      active: true,
    });
    expect(created.percentOff).toBe(10);
    expect(created.maxRedemptions).toBe(5);
    expect(created.timesRedeemed).toBe(0);

    const fixed = await solifyn.discounts.create({
      code: 'FIVE_OFF',
      type: 'fixed_amount',
      amountOff: 5,
      currency: 'usd',
      productId: product.id,
    });
    expect(fixed.amountOff).toBe(5);
    expect(fixed.productId).toBe(product.id);

    expect(wire(await solifyn.discounts.retrieve(created.id))).toEqual(wire(created));
    const listed = await solifyn.discounts.list();
    expect(listed.data.map((d) => d.id).sort()).toEqual([created.id, fixed.id].sort());

    const deactivated = await solifyn.discounts.deactivate(created.id);
    expect(deactivated).toMatchObject({ id: created.id, active: false });
    expect((await solifyn.discounts.retrieve(created.id)).active).toBe(false);

    // The code applies at checkout through the SDK as well.
    const session = await solifyn.checkout.createSession({ productId: product.id, discountCode: 'five_off' });
    expect(await solifyn.checkout.retrieve(session.id)).toMatchObject({ discount_code: 'FIVE_OFF', total: 14.99 });
  });
});

describe('orders', () => {
  it('list and retrieve an order written for a completed checkout', async () => {
    const { api, solifyn } = t;
    const product = await createProduct();
    const other = await createProduct('Other');
    const session = await solifyn.checkout.createSession({
      productId: product.id,
      quantity: 2,
      customerEmail: 'customer@example.com',
      customFields: { userId: 'user_9983' },
    });
    const unrelated = await solifyn.checkout.createSession({ productId: other.id, customerEmail: 'x@example.com' });
    const orderId = await payCheckout(api, session.id);
    await payCheckout(api, unrelated.id);

    const page = await solifyn.orders.list({ productId: product.id });
    expect(page.data.map((o) => o.id)).toEqual([orderId]);
    const order = await solifyn.orders.retrieve(orderId);
    expect(wire(order)).toEqual(wire(page.data[0]));
    expect(order).toMatchObject({
      id: orderId,
      object: 'order',
      checkout_id: session.id,
      session_id: session.session_id,
      product_id: product.id,
      quantity: 2,
      unit_amount: 19.99,
      total: 39.98,
      customer_email: 'customer@example.com',
      custom_fields: { userId: 'user_9983' },
    });
    expect(order.checkoutId).toBe(session.id);
    expect(order.sessionId).toBe(session.session_id);
    expect(order.customerEmail).toBe('customer@example.com');

    const completed = await solifyn.checkout.retrieve(session.id);
    expect(completed).toMatchObject({ status: 'completed', order_id: orderId });
    expect(completed.orderId).toBe(orderId);
    expect((await solifyn.orders.list()).data).toHaveLength(2);
  });
});

describe('webhook endpoints', () => {
  it('create (with its secret, once), retrieve, list and delete', async () => {
    const { solifyn } = t;
    const created = await solifyn.webhookEndpoints.create({
      url: 'https://example.com/webhooks/solifyn',
      events: ['checkout.completed', 'order.created'],
      description: 'Fulfilment service',
    });
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://example.com/webhooks/solifyn',
      events: ['checkout.completed', 'order.created'],
      description: 'Fulfilment service',
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.createdAt).toBe(created.created_at);

    const retrieved = await solifyn.webhookEndpoints.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, url: created.url });
    expect('secret' in retrieved).toBe(false);
    expect((await solifyn.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([created.id]);

    const deleted = await solifyn.webhookEndpoints.delete(created.id);
    expect(wire(deleted)).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect((await solifyn.webhookEndpoints.list()).data).toEqual([]);
    await expect(solifyn.webhookEndpoints.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('events', () => {
  it('list and redeliver a checkout.expired event to a subscribed endpoint', async () => {
    const { sdk, solifyn } = t;
    const endpoint = await solifyn.webhookEndpoints.create({
      url: 'https://example.com/hook',
      events: ['checkout.expired'],
    });
    const product = await createProduct();
    const session = await solifyn.checkout.createSession({ productId: product.id });
    await solifyn.checkout.expire(session.id);

    const page = await solifyn.events.list();
    expect(page.data).toHaveLength(1);
    const event = page.data[0]!;
    expect(event).toMatchObject({ object: 'event', type: 'checkout.expired', mode: 'test' });
    expect(event.createdAt).toBe(event.created_at);
    expect(event.data.object.id).toBe(session.id);
    expect(event.deliveries).toHaveLength(1);
    expect(event.deliveries[0]?.endpointId).toBe(endpoint.id);

    const redelivered = await solifyn.events.redeliver(event.id);
    expect(redelivered.id).toBe(event.id);
    expect(redelivered.deliveries).toEqual([expect.objectContaining({ endpoint_id: endpoint.id, status: 'pending' })]);
    expect(sdk.exchanges.at(-1)).toMatchObject({
      method: 'POST',
      path: `/v1/events/${event.id}/redeliver`,
      status: 202,
    });
  });
});

describe('pagination', () => {
  it('for await walks every item across pages, fetching pages as it goes', async () => {
    const { sdk, solifyn } = t;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createProduct(`Product ${i}`)).id);
    const before = sdk.exchanges.length;

    const seen: string[] = [];
    for await (const product of solifyn.products.list({ limit: 2 })) {
      expect(product.pricingType).toBe('fixed');
      seen.push(product.id);
    }
    expect(seen.sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(5);

    const requests = sdk.exchanges.slice(before);
    expect(requests.map((e) => e.method + ' ' + e.path)).toEqual(Array(3).fill('GET /v1/products'));
    expect(new URLSearchParams(requests[0]!.search).get('startingAfter')).toBeNull();
    for (const request of requests) expect(new URLSearchParams(request.search).get('limit')).toBe('2');
    expect(new URLSearchParams(requests[1]!.search).get('startingAfter')).toBeTruthy();
  });

  it('pages() yields every page; the cursor of one page starts the next', async () => {
    const { sdk, solifyn } = t;
    const product = await createProduct();
    for (let i = 0; i < 5; i++) await solifyn.checkout.createSession({ productId: product.id });
    const pages = [];
    for await (const page of solifyn.checkout.list({ limit: 2, productId: product.id }).pages()) pages.push(page);
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages[0]?.nextCursor).toBe(pages[0]?.data[1]?.id);
    const lastRequest = sdk.exchanges.at(-1)!;
    expect(new URLSearchParams(lastRequest.search).get('startingAfter')).toBe(pages[1]?.next_cursor);
    expect(new URLSearchParams(lastRequest.search).get('productId')).toBe(product.id);
  });

  it('for await works for every list method', async () => {
    const { api, solifyn } = t;
    const product = await createProduct();
    const a = await solifyn.checkout.createSession({ productId: product.id, customerEmail: 'a@example.com' });
    const b = await solifyn.checkout.createSession({ productId: product.id, customerEmail: 'b@example.com' });
    await solifyn.discounts.create({ code: 'ONE', type: 'percent', percentOff: 1 });
    await solifyn.discounts.create({ code: 'TWO', type: 'percent', percentOff: 2 });
    await solifyn.webhookEndpoints.create({ url: 'https://example.com/a', events: ['checkout.expired'] });
    await solifyn.webhookEndpoints.create({ url: 'https://example.com/b', events: ['order.created'] });
    await payCheckout(api, a.id);
    await payCheckout(api, b.id);
    const c = await solifyn.checkout.createSession({ productId: product.id });
    const d = await solifyn.checkout.createSession({ productId: product.id });
    await solifyn.checkout.expire(c.id);
    await solifyn.checkout.expire(d.id);

    const count = async (items: AsyncIterable<unknown>) => {
      let n = 0;
      for await (const _ of items) n++;
      return n;
    };
    expect(await count(solifyn.checkout.list({ limit: 1 }))).toBe(4);
    expect(await count(solifyn.discounts.list({ limit: 1 }))).toBe(2);
    expect(await count(solifyn.webhookEndpoints.list({ limit: 1 }))).toBe(2);
    expect(await count(solifyn.orders.list({ limit: 1 }))).toBe(2);
    // Each payment: checkout.completed and order.created; each expiry: checkout.expired.
    expect(await count(solifyn.events.list({ limit: 1 }))).toBe(6);
  });
});
