import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const result = await solifyn.webhookEndpoints.delete('we_Tz5Rk8Wq1Ym3Xc');

console.log(result.deleted); // true
