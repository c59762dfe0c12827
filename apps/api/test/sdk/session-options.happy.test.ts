/** The checkout session options through the `solifyn` SDK: typed on create, shown (with aliases) on retrieve and list. */
import { expect, it } from 'vitest';
import { APIError } from 'solifyn';
import { fixedProduct } from '../support/fixtures';
import { sdkPerTest } from './sdk-client';

const t = sdkPerTest();

it('createSession takes successUrl, cancelUrl and expiresAt; retrieve and list show them', async () => {
  const { api, solifyn } = t;
  const product = await fixedProduct(api);
  const expiresAt = new Date(api.clock.now().getTime() + 45 * 60_000).toISOString();
  const session = await solifyn.checkout.createSession({
    productId: product.id,
    successUrl: 'https://example.com/thanks?checkout={CHECKOUT_ID}&order={ORDER_ID}',
    cancelUrl: 'https://example.com/pricing',
    expiresAt,
  });
  const retrieved = await solifyn.checkout.retrieve(session.id);
  expect(retrieved).toMatchObject({
    success_url: 'https://example.com/thanks?checkout={CHECKOUT_ID}&order={ORDER_ID}',
    cancel_url: 'https://example.com/pricing',
    expires_at: expiresAt,
  });
  expect([retrieved.successUrl, retrieved.cancelUrl, retrieved.expiresAt]).toEqual([
    retrieved.success_url,
    retrieved.cancel_url,
    expiresAt,
  ]);
  const listed = await solifyn.checkout.list();
  expect(listed.data[0]?.success_url).toBe(retrieved.success_url);
});

it('an expiry out of range is an APIError with its code and pointer', async () => {
  const { api, solifyn } = t;
  const product = await fixedProduct(api);
  const expiresAt = new Date(api.clock.now().getTime() + 29 * 60_000).toISOString();
  const error = await solifyn.checkout.createSession({ productId: product.id, expiresAt }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(APIError);
  expect([(error as APIError).status, (error as APIError).code]).toEqual([422, 'checkout_expiry_out_of_range']);
  expect((error as APIError).errors?.map((e) => e.pointer)).toEqual(['/body/expiresAt']);
});
