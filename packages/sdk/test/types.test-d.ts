/** Type-level contract: method params and results are the generated operation types (aliased). */
import { describe, expectTypeOf, it } from 'vitest';
import type { FreeFormKey } from '../src/core/aliases';
import type { SuccessBody } from '../src/core/types';
import {
  type APIError,
  type CamelAliased,
  type components,
  type operations,
  type PagePromise,
  type RequestOptions,
  Solifyn,
  verifyWebhook,
  type WithRequestId,
} from '../src/index';

type Schemas = components['schemas'];
type JsonBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

declare const solifyn: Solifyn;
/** What a method resolves to: the aliased schema plus the non-enumerable `requestId`. */
type Returned<T> = WithRequestId<CamelAliased<T>>;

describe('request types come from the generated operations', () => {
  it('checkout.createSession takes CheckoutSessionCreateRequest', () => {
    expectTypeOf(solifyn.checkout.createSession).parameter(0).toEqualTypeOf<Schemas['CheckoutSessionCreateRequest']>();
    expectTypeOf(solifyn.checkout.createSession).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
  });

  it('every body-taking method uses its operation body', () => {
    expectTypeOf(solifyn.products.create).parameter(0).toEqualTypeOf<JsonBody<'createProduct'>>();
    expectTypeOf(solifyn.products.update).parameter(1).toEqualTypeOf<JsonBody<'updateProduct'>>();
    expectTypeOf(solifyn.discounts.create).parameter(0).toEqualTypeOf<JsonBody<'createDiscount'>>();
    expectTypeOf(solifyn.webhookEndpoints.create).parameter(0).toEqualTypeOf<JsonBody<'createWebhookEndpoint'>>();
  });

  it('list methods take the operation query, optionally', () => {
    expectTypeOf(solifyn.products.list)
      .parameter(0)
      .toEqualTypeOf<NonNullable<operations['listProducts']['parameters']['query']> | undefined>();
    expectTypeOf(solifyn.checkout.list)
      .parameter(0)
      .toEqualTypeOf<NonNullable<operations['listCheckoutSessions']['parameters']['query']> | undefined>();
    expectTypeOf(solifyn.events.list)
      .parameter(0)
      .toEqualTypeOf<NonNullable<operations['listEvents']['parameters']['query']> | undefined>();
  });

  it('rejects unknown and mistyped fields', () => {
    // @ts-expect-error unknown field
    void solifyn.checkout.createSession({ productId: 'prod_1', quantity: 1, product_id: 'x' });
    // @ts-expect-error productId is required
    void solifyn.checkout.createSession({ quantity: 1 });
    // @ts-expect-error quantity is a number
    void solifyn.checkout.createSession({ productId: 'prod_1', quantity: '1' });
  });
});

describe('results are the generated response types with camelCase aliases', () => {
  it('createSession resolves to CamelAliased<CheckoutSessionCreated>', async () => {
    const session = await solifyn.checkout.createSession({ productId: 'prod_1', quantity: 1 });
    expectTypeOf(session).toEqualTypeOf<Returned<Schemas['CheckoutSessionCreated']>>();
    expectTypeOf(session.checkout_url).toEqualTypeOf<string>();
    expectTypeOf(session.checkoutUrl).toEqualTypeOf<string>();
    expectTypeOf(session.sessionId).toEqualTypeOf<string>();
    expectTypeOf(session).toExtend<Schemas['CheckoutSessionCreated']>();
  });

  it('retrieve methods resolve to their schemas', () => {
    expectTypeOf(solifyn.checkout.retrieve).returns.resolves.toEqualTypeOf<Returned<Schemas['CheckoutSession']>>();
    expectTypeOf(solifyn.products.retrieve).returns.resolves.toEqualTypeOf<Returned<Schemas['Product']>>();
    expectTypeOf(solifyn.discounts.retrieve).returns.resolves.toEqualTypeOf<Returned<Schemas['Discount']>>();
    expectTypeOf(solifyn.orders.retrieve).returns.resolves.toEqualTypeOf<Returned<Schemas['Order']>>();
    expectTypeOf(solifyn.webhookEndpoints.create).returns.resolves.toEqualTypeOf<
      Returned<Schemas['WebhookEndpointWithSecret']>
    >();
    expectTypeOf(solifyn.webhookEndpoints.delete).returns.resolves.toEqualTypeOf<
      Returned<Schemas['WebhookEndpointDeleted']>
    >();
    expectTypeOf(solifyn.events.redeliver).returns.resolves.toEqualTypeOf<Returned<Schemas['Event']>>();
  });

  it('free-form maps keep their user keys and are not aliased inside', async () => {
    const session = await solifyn.checkout.retrieve('ch_1');
    expectTypeOf(session.customFields).toEqualTypeOf<Schemas['CheckoutSession']['custom_fields']>();
    expectTypeOf(session.checkoutData).toEqualTypeOf<Schemas['CheckoutSession']['checkout_data']>();
  });

  it('list methods return a PagePromise of the list schema whose items are aliased schemas', async () => {
    const pages = solifyn.products.list();
    expectTypeOf(pages).toEqualTypeOf<PagePromise<Returned<Schemas['ProductList']>>>();
    const page = await pages;
    expectTypeOf(page.hasMore).toEqualTypeOf<boolean>();
    expectTypeOf(page.nextCursor).toEqualTypeOf<string | null>();
    for await (const product of pages) {
      expectTypeOf(product).toEqualTypeOf<CamelAliased<Schemas['Product']>>();
      expectTypeOf(product.defaultCurrency).toEqualTypeOf<Schemas['Product']['default_currency']>();
    }
  });

  it('webhook verification returns the generated WebhookEvent (the delivered body: no deliveries)', async () => {
    const event = await verifyWebhook('{}', {}, 'whsec_x');
    expectTypeOf(event).toExtend<CamelAliased<Omit<Schemas['WebhookEvent'], 'data'>>>();
    expectTypeOf(event).not.toHaveProperty('deliveries');
  });

  it('API errors expose the problem fields', () => {
    expectTypeOf<APIError['status']>().toEqualTypeOf<number>();
    expectTypeOf<APIError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<APIError['errors']>().toEqualTypeOf<{ pointer: string; detail: string }[]>();
  });
});

/** Keys of every response schema whose value is a free-form map; recursion stops at such maps. */
type FreeFormKeysOf<T> = T extends readonly (infer U)[]
  ? FreeFormKeysOf<U>
  : T extends object
    ? { [K in keyof T]-?: string extends keyof NonNullable<T[K]> ? K : FreeFormKeysOf<NonNullable<T[K]>> }[keyof T]
    : never;

describe('the runtime list of free-form keys matches the spec', () => {
  it('FREE_FORM_KEYS equals the index-signature keys of all response bodies', () => {
    type Responses = { [Op in keyof operations]: SuccessBody<operations[Op]> }[keyof operations];
    expectTypeOf<FreeFormKeysOf<Responses>>().toEqualTypeOf<FreeFormKey>();
  });
});
