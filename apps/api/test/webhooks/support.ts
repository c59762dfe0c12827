import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import type { AppDeps } from '../../src/deps';
import { completeCheckout } from '../../src/services/complete-checkout';
import type { Db } from '../../src/store/db';
import { deliverDueWebhooks, type WebhookWorkerOptions } from '../../src/webhooks/worker';
import { type TestApi, TestClock, testApi } from '../support/api';

/** One request as the receiver saw it: raw body, headers, and when (by the receiver's wall clock). */
export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
  path: string;
}

export interface Receiver {
  url: string;
  port: number;
  hits: ReceivedWebhook[];
  /** Status answered from now on (after `delayMs`, with `headers`); `'hang'` never answers (for timeouts). */
  respondWith(status: number | 'hang', options?: { delayMs?: number; headers?: Record<string, string> }): void;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (port 0 → a free one); answers 204 unless told otherwise. */
export async function startReceiver(port = 0): Promise<Receiver> {
  const hits: ReceivedWebhook[] = [];
  let status: number | 'hang' = 204;
  let reply: { delayMs?: number; headers?: Record<string, string> } = {};
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      hits.push({ body, headers: req.headers, path: req.url ?? '' });
      if (status === 'hang') return;
      const answer = status;
      setTimeout(() => {
        res.writeHead(answer, { 'content-type': 'text/plain', ...reply.headers });
        res.end(answer < 300 ? 'ok' : 'nope');
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/hooks`,
    port: actualPort,
    hits,
    respondWith(next, options = {}) {
      status = next;
      reply = options;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain TCP listener that only counts connections: proves nothing was even attempted (e.g. on an https URL). */
export async function startConnectionCounter(): Promise<{
  port: number;
  connections: () => number;
  close(): Promise<void>;
}> {
  let count = 0;
  const server = createTcpServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Test schedule: attempts immediately, then after 1 s, then after 2 s (3 attempts); short timeout. */
export const shortSchedule = {
  WEBHOOK_RETRY_SCHEDULE: '0,1,2',
  WEBHOOK_TIMEOUT_MS: '1500',
  WEBHOOK_POLL_INTERVAL_MS: '20',
};

/**
 * The real app with the short schedule and its test clock set to the wall clock (signatures carry the clock's time
 * and verifiers reject timestamps more than 5 minutes off).
 */
export async function webhookApi(env: Record<string, string> = {}): Promise<TestApi> {
  const api = await testApi({ ...shortSchedule, ...env });
  api.clock.advance(Date.now() - api.clock.now().getTime());
  return api;
}

/** Another worker process's view: same database and config, its own clock (a restarted server, a second replica). */
export function workerDeps(api: TestApi, db: Db = api.deps.db, clock: TestClock = api.clock): AppDeps {
  return { config: api.deps.config, db, cache: api.deps.cache, clock, logger: api.deps.logger };
}

/** No jitter: retries fall exactly on the schedule. */
export const noJitter: WebhookWorkerOptions = { random: () => 0 };

/** Runs one worker round with no jitter. */
export function deliverOnce(deps: AppDeps, options: WebhookWorkerOptions = {}): Promise<number> {
  return deliverDueWebhooks(deps, { ...noJitter, ...options });
}

/** What the event helpers need of an app: TestApi, or a bare app after a restart (see restartableStore). */
export type Requester = Pick<TestApi, 'request'>;

export async function createEndpoint(
  api: Requester,
  url: string,
  events: string[],
  key?: string,
): Promise<{ id: string; secret: string }> {
  const res = await api.request('POST', '/v1/webhook_endpoints', { body: { url, events }, ...(key ? { key } : {}) });
  if (res.status !== 201) throw new Error(`creating the endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, secret: res.body.secret };
}

/** An expired checkout session → one `checkout.expired` event in the outbox. Returns the event id. */
export async function emitCheckoutExpired(api: Requester, key?: string): Promise<string> {
  const auth = key ? { key } : {};
  const product = await api.request('POST', '/v1/products', {
    body: { name: 'E-book', prices: [{ currency: 'usd', amount: 29 }] },
    ...auth,
  });
  if (product.status !== 201) throw new Error(`creating a product: ${product.status} ${JSON.stringify(product.body)}`);
  const checkout = await api.request('POST', '/v1/checkout/create', { body: { productId: product.body.id }, ...auth });
  if (checkout.status !== 201 && checkout.status !== 200)
    throw new Error(`creating a checkout: ${checkout.status} ${JSON.stringify(checkout.body)}`);
  const expired = await api.request('POST', `/v1/checkout/${checkout.body.id}/expire`, { ...auth });
  if (expired.status !== 200) throw new Error(`expiring: ${expired.status} ${JSON.stringify(expired.body)}`);
  const events = await api.request('GET', '/v1/events?type=checkout.expired&limit=1', { ...auth });
  return events.body.data[0].id;
}

/** A paid checkout → `checkout.completed` then `order.created` in the outbox. Returns both event ids by type. */
export async function emitCheckoutCompleted(api: TestApi): Promise<Record<string, string>> {
  const product = await api.request('POST', '/v1/products', {
    body: { name: 'Course', prices: [{ currency: 'usd', amount: 49 }] },
  });
  const checkout = await api.request('POST', '/v1/checkout/create', { body: { productId: product.body.id } });
  await completeCheckout(api.deps, { accountId: api.account.account_id, mode: api.account.mode }, checkout.body.id, {
    customerEmail: 'buyer@example.com',
  });
  const events = await api.request('GET', '/v1/events');
  return Object.fromEntries(events.body.data.map((e: { id: string; type: string }) => [e.type, e.id]));
}

/** What each test of a webhook suite gets from `webhookPerTest`: set before the test runs. */
export interface WebhookTestContext {
  api: TestApi;
  receiver: Receiver;
}

/** A fresh app (`webhookApi`) and a real receiver for each test; the receiver is closed after it. */
export function webhookPerTest(): WebhookTestContext {
  const context = {} as WebhookTestContext;
  beforeEach(async () => {
    context.api = await webhookApi();
    context.receiver = await startReceiver();
  });
  afterEach(async () => {
    await context.receiver.close();
  });
  return context;
}
