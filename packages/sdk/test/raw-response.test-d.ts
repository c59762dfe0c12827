/** Types of `.withResponse()`, `.asResponse()` and `requestId`. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type APIPromise,
  type CamelAliased,
  type components,
  type PagePromise,
  type Result,
  Solifyn,
  type WithResponse,
} from '../src/index';

type Schemas = components['schemas'];
declare const solifyn: Solifyn;

describe('every method returns an APIPromise', () => {
  it('whose withResponse() gives the typed data, the Response and the request id', async () => {
    const call = solifyn.checkout.createSession({ productId: 'prod_1', quantity: 1 });
    expectTypeOf(call).toEqualTypeOf<APIPromise<Result<'createCheckoutSession'>>>();
    const { data, response, requestId } = await call.withResponse();
    expectTypeOf(data.checkoutUrl).toEqualTypeOf<string>();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(call.withResponse).returns.resolves.toEqualTypeOf<WithResponse<Result<'createCheckoutSession'>>>();
  });

  it('whose asResponse() gives a Response', () => {
    expectTypeOf(solifyn.orders.retrieve('ord_1').asResponse).returns.resolves.toEqualTypeOf<Response>();
    expectTypeOf(solifyn.products.list().asResponse).returns.resolves.toEqualTypeOf<Response>();
  });

  it('and list methods a PagePromise, itself an APIPromise of the first page', () => {
    const pages = solifyn.orders.list();
    expectTypeOf(pages).toExtend<APIPromise<Result<'listOrders'>>>();
    expectTypeOf(pages).toEqualTypeOf<PagePromise<Result<'listOrders'>>>();
    expectTypeOf(pages.withResponse).returns.resolves.toHaveProperty('data').toEqualTypeOf<Result<'listOrders'>>();
  });
});

describe('results carry a readonly requestId next to the wire fields', () => {
  it('on objects and pages, not on the items of a page', async () => {
    const session = await solifyn.checkout.createSession({ productId: 'prod_1', quantity: 1 });
    expectTypeOf(session.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(session).toExtend<CamelAliased<Schemas['CheckoutSessionCreated']>>();
    // @ts-expect-error requestId is read-only
    session.requestId = 'req_x';
    const page = await solifyn.products.list();
    expectTypeOf(page.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(page.data[0]!).not.toHaveProperty('requestId');
  });
});
