import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const endpoint = await solifyn.webhookEndpoints.create({
  url: 'https://example.com/webhooks/solifyn',
  events: ['checkout.completed', 'order.created'],
  description: 'Fulfilment service',
});

// The signing secret is returned only once: store it safely
console.log(endpoint.id, endpoint.secret);
