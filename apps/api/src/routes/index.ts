import * as checkout from './checkout';
import * as discounts from './discounts';
import * as events from './events';
import type { Handlers } from './handler';
import * as orders from './orders';
import * as products from './products';
import * as refunds from './refunds';
import * as system from './system';
import * as webhookEndpoints from './webhook-endpoints';

/** Every operation of the spec, by operationId. */
export const handlers: Handlers = {
  ...checkout,
  ...products,
  ...discounts,
  ...orders,
  ...refunds,
  ...webhookEndpoints,
  ...events,
  ...system,
};
