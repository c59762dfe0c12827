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
    const session = event.data.object;
    if (event.type === 'checkout.expired' && session.object === 'checkout_session') {
      console.log('Expired unpaid:', session.id, session.customer_email);
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 400 });
    throw error;
  }
}
