import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('access log (security): what a request carries never reaches the log', () => {
  it('no secret key, email, custom field value, card number, query or raw path in any line', async () => {
    const secrets = {
      email: 'jane.customer@example.com',
      customValue: 'user-secret-9983',
      card: '4242424242424242',
      query: 'cursor-secret-value',
      pathId: 'prod_SECRETPATHID',
    };
    const product = await api.request<{ id: string }>('POST', '/v1/products', {
      body: { name: 'Ebook', pricingType: 'fixed', prices: [{ currency: 'usd', amount: 15 }] },
    });
    await api.request('POST', '/v1/checkout/create', {
      body: {
        productId: product.body.id,
        customerEmail: secrets.email,
        customFields: { userId: secrets.customValue, card: secrets.card },
      },
    });
    await api.request('GET', `/v1/products?starting_after=${secrets.query}`);
    await api.request('GET', `/v1/products/${secrets.pathId}`);
    await api.request('GET', '/v1/products', { key: `sk_test_${'x'.repeat(40)}` });
    const log = api.logs.raw.join('');
    expect(api.logs.requests()).toHaveLength(5);
    expect(log).not.toContain(api.account.key);
    expect(log).not.toContain('x'.repeat(40));
    for (const value of Object.values(secrets)) expect(log).not.toContain(value);
  });

  it('logs a client-supplied SDK version only when it looks like one', async () => {
    await api.request('GET', '/v1/products', { headers: { 'solifyn-sdk-version': '<script>alert(1)</script>' } });
    await api.request('GET', '/v1/products', { headers: { 'solifyn-sdk-version': '1.2.3-beta.1' } });
    expect(api.logs.requests().map((line) => line.sdk_version)).toEqual(['invalid', '1.2.3-beta.1']);
  });
});
