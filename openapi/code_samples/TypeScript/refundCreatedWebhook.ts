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
    const refund = event.data.object;
    if (event.type === 'refund.created' && refund.object === 'refund') {
      console.log('Refund:', refund.id, refund.amount, refund.currency, 'of', refund.order_id);
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 400 });
    throw error;
  }
}
