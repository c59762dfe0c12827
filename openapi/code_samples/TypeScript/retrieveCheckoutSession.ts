import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

// Accepts the checkout id (UUID) or the session id (ch_…)
const session = await solifyn.checkout.retrieve('ch_4fT9kQ2mZx7LpR');

console.log(session.status, session.total);
