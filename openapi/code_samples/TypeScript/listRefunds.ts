import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.refunds.list({ orderId: 'ord_Vb6Hn2Jm8Kq4Lz', limit: 20 });

for (const refund of page.data) {
  console.log(refund.id, refund.amount, refund.currency, refund.reason);
}
