import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.orders.list({ productId: 'prod_7oQUIde2kLxV9a', limit: 20 });

for (const order of page.data) {
  console.log(order.id, order.total, order.currency);
}
