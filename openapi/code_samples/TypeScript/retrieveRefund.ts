import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const refund = await solifyn.refunds.retrieve('re_Tq4Wz8Np2Lk6Xm');

console.log(refund.order_id, refund.amount, refund.status);
