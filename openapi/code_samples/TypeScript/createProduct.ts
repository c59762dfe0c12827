import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const product = await solifyn.products.create({
  name: 'Pro icon pack',
  description: '1,200 hand-drawn SVG icons.',
  pricingType: 'fixed',
  prices: [
    { currency: 'usd', amount: 29 },
    { currency: 'eur', amount: 27 },
  ],
  defaultCurrency: 'usd',
  redirectUrl: 'https://example.com/thanks',
});

console.log(product.id);
