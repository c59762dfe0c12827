import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

// Refund 10.00 of the order; leave `amount` out to refund all that is left.
const refund = await solifyn.refunds.create('ord_Vb6Hn2Jm8Kq4Lz', {
  amount: 10,
  reason: 'requested_by_customer',
});

console.log(refund.id, refund.status); // re_…, succeeded
