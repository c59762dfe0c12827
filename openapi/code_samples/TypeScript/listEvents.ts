import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

const page = await solifyn.events.list({ type: 'checkout.completed', limit: 20 });

for (const event of page.data) {
  console.log(event.id, event.type, event.deliveries);
}
