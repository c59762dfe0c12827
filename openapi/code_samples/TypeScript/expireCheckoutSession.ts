import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const session = await solifyn.checkout.expire('ch_4fT9kQ2mZx7LpR');

console.log(session.status); // 'expired'
