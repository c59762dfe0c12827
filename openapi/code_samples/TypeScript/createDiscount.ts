import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const discount = await solifyn.discounts.create({
  code: 'PROMO10',
  type: 'percent',
  percentOff: 10,
  expiresAt: '2026-12-31T23:59:59Z',
  maxRedemptions: 500,
});

console.log(discount.id);
