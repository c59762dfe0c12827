import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

// Rename the product; `active: false` would archive it
const product = await solifyn.products.update('prod_7oQUIde2kLxV9a', {
  name: 'Pro icon pack v2',
  description: '1,500 hand-drawn SVG icons.',
});

console.log(product.updated_at);
