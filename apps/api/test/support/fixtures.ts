import { completeCheckout } from '../../src/services/complete-checkout';
import { findApiKeyBySecret } from '../../src/store/accounts';
import type { TestApi } from './api';

/** A fixed-price product in usd (19.99) and eur (17.99), created through the API. */
export async function fixedProduct(api: TestApi, key?: string): Promise<{ id: string }> {
  const res = await api.request('POST', '/v1/products', {
    key,
    body: {
      name: 'Pro icon pack',
      pricingType: 'fixed',
      prices: [
        { currency: 'usd', amount: 19.99 },
        { currency: 'eur', amount: 17.99 },
      ],
    },
  });
  if (res.status !== 201) throw new Error(`fixture product: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Pay what you want in usd: minimum 5, maximum 100, suggested 15. */
export async function pwywProduct(api: TestApi, key?: string): Promise<{ id: string }> {
  const res = await api.request('POST', '/v1/products', {
    key,
    body: {
      name: 'Lo-fi sample pack',
      pricingType: 'pay_what_you_want',
      prices: [{ currency: 'usd', minimumAmount: 5, maximumAmount: 100, suggestedAmount: 15 }],
    },
  });
  if (res.status !== 201) throw new Error(`fixture product: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function discount(api: TestApi, body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const res = await api.request('POST', '/v1/discounts', { body });
  if (res.status !== 201) throw new Error(`fixture discount: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Pays an open checkout session through the real completion service, as the hosted page's form does: the email is
 * the one entered (`customerEmail`), else the session's prefilled one, else a default. Writes the order, redeems
 * the discount and queues `checkout.completed` + `order.created`. `key`: the session's API key (default: the
 * harness account's). Returns the order id.
 */
export async function payCheckout(
  api: TestApi,
  checkoutId: string,
  options: { customerEmail?: string; key?: string } = {},
): Promise<string> {
  const key = options.key ?? api.account.key;
  const session = await api.request('GET', `/v1/checkout/${checkoutId}`, { key });
  if (session.status !== 200) throw new Error(`fixture payment: ${session.status} ${JSON.stringify(session.body)}`);
  const apiKey = await findApiKeyBySecret(api.deps.db, key);
  if (!apiKey) throw new Error('fixture payment: unknown key');
  const customerEmail = options.customerEmail ?? session.body.customer_email ?? 'buyer@example.com';
  const scope = { accountId: apiKey.accountId, mode: apiKey.mode };
  const { order } = await completeCheckout(api.deps, scope, checkoutId, { customerEmail });
  return order.id;
}
