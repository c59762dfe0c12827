import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.discounts.list({ active: true, limit: 20 });

for (const discount of page.data) {
  console.log(discount.code, discount.times_redeemed);
}
