/** The verified event is a union discriminated by `type`, generated from the spec's `webhooks:` section. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CamelAliased,
  type components,
  Solifyn,
  verifyWebhook,
  type WebhookEvent,
  type WebhookEventType,
} from '../src/index';

type Schemas = components['schemas'];
declare const solifyn: Solifyn;

describe('WebhookEvent', () => {
  it('has one member per event type of the spec', () => {
    expectTypeOf<WebhookEventType>().toEqualTypeOf<Schemas['EventType']>();
    expectTypeOf<WebhookEvent['type']>().toEqualTypeOf<Schemas['EventType']>();
    expectTypeOf(verifyWebhook).returns.resolves.toEqualTypeOf<WebhookEvent>();
    expectTypeOf(solifyn.webhooks.verify).returns.resolves.toEqualTypeOf<WebhookEvent>();
    expectTypeOf(solifyn.webhooks.unwrap).toEqualTypeOf(solifyn.webhooks.verify);
  });

  it('narrows data.object by switch (event.type)', async () => {
    const event = await solifyn.webhooks.unwrap('{}', {}, 'whsec_x');
    switch (event.type) {
      case 'checkout.completed':
      case 'checkout.expired':
        expectTypeOf(event.data.object).toEqualTypeOf<CamelAliased<Schemas['CheckoutSession']>>();
        expectTypeOf(event.data.object.sessionId).toEqualTypeOf<string>();
        break;
      case 'order.created':
        expectTypeOf(event.data.object).toEqualTypeOf<CamelAliased<Schemas['Order']>>();
        expectTypeOf(event.data.object.total).toEqualTypeOf<number>();
        // @ts-expect-error an order has no checkout_url
        void event.data.object.checkoutUrl;
        break;
      case 'order.refunded':
        expectTypeOf(event.data.object).toEqualTypeOf<CamelAliased<Schemas['Order']>>();
        expectTypeOf(event.data.object.amountRefunded).toEqualTypeOf<number>();
        expectTypeOf(event.data.object.status).toEqualTypeOf<Schemas['OrderStatus']>();
        break;
      case 'refund.created':
        expectTypeOf(event.data.object).toEqualTypeOf<CamelAliased<Schemas['Refund']>>();
        expectTypeOf(event.data.object.orderId).toEqualTypeOf<string>();
        // @ts-expect-error a refund has no total
        void event.data.object.total;
        break;
      default:
        expectTypeOf(event).toBeNever();
    }
  });

  it('keeps the other WebhookEvent fields and their aliases', () => {
    expectTypeOf<WebhookEvent<'order.created'>['createdAt']>().toEqualTypeOf<string>();
    expectTypeOf<WebhookEvent<'order.created'>['id']>().toEqualTypeOf<string>();
    expectTypeOf<WebhookEvent<'order.created'>>().toExtend<Omit<Schemas['WebhookEvent'], 'data'>>();
    // @ts-expect-error not an event type
    type Unknown = WebhookEvent<'order.deleted'>;
  });
});
