import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

// Create the checkout session
const session = await solifyn.checkout.createSession({
  productId: 'prod_7oQUIde2kLxV9a',       // The product ID
  quantity: 1,                       // Number of product units
  customerEmail: 'customer@example.com',
  customFields: {
    userId: 'user_9983'             // Custom metadata to map to successful webhooks
  }
});

// Redirect your customer to the interactive checkout URL
console.log('Checkout Redirect URL:', session.checkoutUrl || session.checkout_url);
