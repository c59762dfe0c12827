// app/api/webhooks/solifyn/route.ts — a Next.js App Router route handler (web-standard Request and Response).
import { Solifyn, WebhookVerificationError } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text(); // not request.json(): verify the bytes as received
  try {
    const event = await solifyn.webhooks.unwrap(rawBody, request.headers, process.env.SOLIFYN_WEBHOOK_SECRET!);
    switch (event.type) {
      case 'checkout.completed':
        console.log('paid:', event.data.object.sessionId);
        break;
      case 'order.created':
        console.log('order:', event.data.object.id, event.data.object.total);
        break;
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response(error.reason, { status: 400 });
    throw error;
  }
}
