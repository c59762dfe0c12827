import { APIClient, type ClientOptions } from './core/api-client';
import type { paths } from './generated/openapi';
import { Checkout } from './resources/checkout';
import { Discounts } from './resources/discounts';
import { Events } from './resources/events';
import { Orders } from './resources/orders';
import { Products } from './resources/products';
import { Refunds } from './resources/refunds';
import { WebhookEndpoints } from './resources/webhook-endpoints';
import { Webhooks } from './webhooks';

/**
 * The Solifyn API client.
 *
 * ```ts
 * const solifyn = new Solifyn({ apiKey: process.env.SOLIFYN_API_KEY });
 * const session = await solifyn.checkout.createSession({ productId: 'prod_…', quantity: 1 });
 * ```
 */
export class Solifyn {
  readonly checkout: Checkout;
  readonly products: Products;
  readonly discounts: Discounts;
  readonly orders: Orders;
  readonly refunds: Refunds;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly events: Events;
  /** Webhook signature verification (no network). */
  readonly webhooks: Webhooks = new Webhooks();
  readonly baseUrl: string;
  readonly timeout: number;
  readonly maxRetries: number;

  constructor(options: ClientOptions = {}) {
    const client = new APIClient<paths>(options);
    this.baseUrl = client.baseUrl;
    this.timeout = client.timeout;
    this.maxRetries = client.maxRetries;
    this.checkout = new Checkout(client);
    this.products = new Products(client);
    this.discounts = new Discounts(client);
    this.orders = new Orders(client);
    this.refunds = new Refunds(client);
    this.webhookEndpoints = new WebhookEndpoints(client);
    this.events = new Events(client);
  }
}
