import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.products.list({ active: true, limit: 20 });

for (const product of page.data) {
  console.log(product.id, product.name);
}
