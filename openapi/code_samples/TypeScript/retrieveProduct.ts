import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const product = await solifyn.products.retrieve('prod_7oQUIde2kLxV9a');

console.log(product.name, product.prices);
