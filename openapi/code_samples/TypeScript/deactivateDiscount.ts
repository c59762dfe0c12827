import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const discount = await solifyn.discounts.deactivate('disc_Nf3kW9pLq2Xz7B');

console.log(discount.active); // false
