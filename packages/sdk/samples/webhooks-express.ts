import express from 'express';
import { Solifyn, WebhookVerificationError } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });
export const app = express();

// express.raw(), not express.json(): the signature covers the exact bytes sent. Register this route before any
// app.use(express.json()), or that parser consumes the body first.
app.post('/webhooks/solifyn', express.raw({ type: 'application/json' }), async (req, res) => {
  let event;
  try {
    event = await solifyn.webhooks.unwrap(req.body, req.headers, process.env.SOLIFYN_WEBHOOK_SECRET!);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return void res.status(400).send(error.reason);
    throw error;
  }
  switch (event.type) {
    case 'checkout.completed':
      console.log('paid:', event.data.object.sessionId, event.data.object.customFields);
      break;
    case 'order.created':
      console.log('order:', event.data.object.id, event.data.object.total, event.data.object.currency);
      break;
    case 'checkout.expired':
      console.log('expired:', event.data.object.sessionId);
      break;
  }
  res.sendStatus(204);
});
