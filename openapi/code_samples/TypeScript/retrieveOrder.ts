import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const order = await solifyn.orders.retrieve('ord_Vb6Hn2Jm8Kq4Lz');

console.log(order.customer_email, order.total);
