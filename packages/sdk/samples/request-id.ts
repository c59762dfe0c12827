import { Solifyn } from 'solifyn';

const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });

// Every result carries the request id of its response (non-enumerable: JSON.stringify(session) is the wire shape).
const session = await solifyn.checkout.createSession({ productId: 'prod_7oQUIde2kLxV9a', quantity: 1 });
console.log('created', session.sessionId, 'request', session.requestId);

// .withResponse() adds the Response itself: status and headers such as RateLimit and Idempotent-Replayed.
const { data, response, requestId } = await solifyn.checkout
  .createSession({ productId: 'prod_7oQUIde2kLxV9a', quantity: 1 }, { idempotencyKey: 'order-1234' })
  .withResponse();
console.log(data.checkoutUrl, requestId, response.status);
console.log('replayed:', response.headers.get('idempotent-replayed') === 'true');
console.log('rate limit:', response.headers.get('ratelimit'));

// .asResponse() hands over the Response with its body unread, e.g. to stream it on.
const raw = await solifyn.orders.list({ limit: 100 }).asResponse();
console.log(raw.headers.get('request-id'), await raw.text());
