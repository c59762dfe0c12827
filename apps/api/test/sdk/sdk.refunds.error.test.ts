/** The SDK's refunds against the real server in-process: what it throws when the server refuses. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type Solifyn, UnprocessableEntityError } from 'solifyn';
import { type TestApi, testApi } from '../support/api';
import { fixedProduct, payCheckout } from '../support/fixtures';
import { type SdkHarness, sdkHarness } from './sdk-client';

let api: TestApi;
let sdk: SdkHarness;
let solifyn: Solifyn;

beforeEach(async () => {
  api = await testApi();
  sdk = sdkHarness(api);
  solifyn = sdk.solifyn;
});

afterEach(() => {
  sdk.expectNoViolations();
});

async function paidOrder(): Promise<string> {
  const product = await fixedProduct(api);
  const session = await solifyn.checkout.createSession({ productId: product.id, quantity: 2 });
  return payCheckout(api, session.id);
}

describe('refunds: refusals', () => {
  it('throws typed errors: NotFoundError order_not_found / refund_not_found, 422 with the code', async () => {
    const orderId = await paidOrder();
    await expect(solifyn.refunds.create('ord_NoSuchOrder00000')).rejects.toMatchObject({
      constructor: NotFoundError,
      status: 404,
      code: 'order_not_found',
    });
    await expect(solifyn.refunds.retrieve('re_NoSuchRefund0000')).rejects.toBeInstanceOf(NotFoundError);
    const over = await solifyn.refunds.create(orderId, { amount: 100 }).catch((error: unknown) => error);
    expect(over).toBeInstanceOf(UnprocessableEntityError);
    expect(over).toMatchObject({ code: 'refund_exceeds_remaining', errors: [{ pointer: '/body/amount' }] });
    await solifyn.refunds.create(orderId);
    await expect(solifyn.refunds.create(orderId)).rejects.toMatchObject({ code: 'order_not_refundable' });
  });
});
