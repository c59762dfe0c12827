import { Solifyn } from 'solifyn';
import type { Fetch } from 'solifyn';

/**
 * The seed snippet of the published page (POST /v1/checkout/create, "TypeScript SDK"), verbatim: only the key and
 * the product id are filled in, from the parameters. The page's constructor takes the key alone, so where the API
 * is and how to reach it come from what the SDK reads at call time: `SOLIFYN_BASE_URL` and the global `fetch`,
 * both set for the duration of the run and restored afterwards.
 */
export async function runSeedSnippet(apiKey: string, productId: string, fetch: Fetch): Promise<void> {
  const saved = { baseUrl: process.env.SOLIFYN_BASE_URL, fetch: globalThis.fetch };
  process.env.SOLIFYN_BASE_URL = 'http://localhost:3000';
  globalThis.fetch = (input, init) => Promise.resolve(fetch(new Request(input, init)));
  try {
    // ---- the published snippet ----
    const solifyn = new Solifyn({ apiKey: apiKey });

    // Create the checkout session
    const session = await solifyn.checkout.createSession({
      productId: productId, // The product ID
      quantity: 1, // Number of product units
      customerEmail: 'customer@example.com',
      customFields: {
        userId: 'user_9983', // Custom metadata to map to successful webhooks
      },
    });

    // Redirect your customer to the interactive checkout URL
    console.log('Checkout Redirect URL:', session.checkoutUrl || session.checkout_url);
    // ---- end of the published snippet ----
  } finally {
    if (saved.baseUrl === undefined) delete process.env.SOLIFYN_BASE_URL;
    else process.env.SOLIFYN_BASE_URL = saved.baseUrl;
    globalThis.fetch = saved.fetch;
  }
}
