/** The SDK's refunds against the real server in-process: what it throws when the server refuses. */
import { describe, expect, it } from 'vitest';
import { NotFoundError, UnprocessableEntityError } from 'solifyn';
import { paidOrder, sdkPerTest } from './sdk-client';

const t = sdkPerTest();

describe('refunds: refusals', () => {
  it('throws typed errors: NotFoundError order_not_found / refund_not_found, 422 with the code', async () => {
    const { solifyn } = t;
    const orderId = await paidOrder(t);
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
