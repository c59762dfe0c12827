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
