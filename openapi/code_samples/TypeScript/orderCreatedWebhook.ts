import { Solifyn, WebhookVerificationError } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

// Your webhook endpoint (a Hono, Next.js or Cloudflare Workers handler): verify the raw body, then act on it.
export async function POST(request: Request): Promise<Response> {
  try {
    const event = await solifyn.webhooks.verify(
      await request.text(),
      request.headers,
      process.env.SOLIFYN_WEBHOOK_SECRET ?? '',
    );
    const order = event.data.object;
    if (event.type === 'order.created' && order.object === 'order') {
      console.log('New order:', order.id, order.total, order.currency, 'for', order.customer_email);
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 400 });
    throw error;
  }
}
