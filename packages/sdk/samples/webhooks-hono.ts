import { Hono } from 'hono';
import { Solifyn, WebhookVerificationError } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });
export const app = new Hono();

app.post('/webhooks/solifyn', async (c) => {
  const rawBody = await c.req.text(); // the exact bytes; never JSON.stringify(await c.req.json())
  try {
    const event = await solifyn.webhooks.unwrap(rawBody, c.req.raw.headers, process.env.SOLIFYN_WEBHOOK_SECRET!);
    if (event.type === 'order.created') console.log('order:', event.data.object.id, event.data.object.total);
    return c.body(null, 204);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return c.text(error.reason, 400);
    throw error;
  }
});
