import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.webhookEndpoints.list({ limit: 20 });

for (const endpoint of page.data) {
  console.log(endpoint.id, endpoint.url);
}
