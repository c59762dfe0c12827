import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const endpoint = await solifyn.webhookEndpoints.retrieve('we_Tz5Rk8Wq1Ym3Xc');

console.log(endpoint.url, endpoint.events);
