/**
 * For every request body of the spec, documented invalid cases are rejected by the generated zod
 * schema, and the failure is reported at the expected JSON pointer (via the app's own issue → pointer
 * mapping, `fieldErrorsOf`). A request body without cases here fails the coverage test.
 */
import type { ZodType } from 'zod';
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/generated/routes';
import { fieldErrorsOf } from '../../src/http/validation';

type Body = Record<string, unknown>;
interface InvalidCase {
  why: string;
  /** Builds the invalid body from the operation's first documented request example. */
  body: (valid: Body) => unknown;
  pointer: string;
}

const manyKeys = (n: number, value: unknown = 'x') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));

const CASES: Record<string, InvalidCase[]> = {
  createCheckoutSession: [
    { why: 'unknown property', body: (v) => ({ ...v, productID: 'prod_x' }), pointer: '/body/productID' },
    { why: 'missing productId', body: ({ productId: _omit, ...rest }) => rest, pointer: '/body/productId' },
    { why: 'productId of the wrong type', body: (v) => ({ ...v, productId: 42 }), pointer: '/body/productId' },
    { why: 'quantity below the minimum', body: (v) => ({ ...v, quantity: 0 }), pointer: '/body/quantity' },
    { why: 'quantity above the maximum', body: (v) => ({ ...v, quantity: 101 }), pointer: '/body/quantity' },
    { why: 'fractional quantity (multipleOf 1)', body: (v) => ({ ...v, quantity: 1.5 }), pointer: '/body/quantity' },
    { why: 'currency not lowercase ISO', body: (v) => ({ ...v, currency: 'USD' }), pointer: '/body/currency' },
    {
      why: 'invalid customerEmail',
      body: (v) => ({ ...v, customerEmail: 'not-an-email' }),
      pointer: '/body/customerEmail',
    },
    { why: 'negative customPrice', body: (v) => ({ ...v, customPrice: -1 }), pointer: '/body/customPrice' },
    {
      why: 'checkoutData over 50 keys',
      body: (v) => ({ ...v, checkoutData: manyKeys(51) }),
      pointer: '/body/checkoutData',
    },
    {
      why: 'customFields value too long',
      body: (v) => ({ ...v, customFields: { userId: 'x'.repeat(501) } }),
      pointer: '/body/customFields/userId',
    },
    {
      why: 'customFields over 20 keys',
      body: (v) => ({ ...v, customFields: manyKeys(21) }),
      pointer: '/body/customFields',
    },
    {
      why: 'customFields key not matching propertyNames',
      body: (v) => ({ ...v, customFields: { 'bad key': 'x' } }),
      pointer: '/body/customFields/bad key',
    },
    { why: 'checkoutId not a uuid', body: (v) => ({ ...v, checkoutId: 'ch_123' }), pointer: '/body/checkoutId' },
    { why: 'aff with forbidden characters', body: (v) => ({ ...v, aff: 'a b' }), pointer: '/body/aff' },
  ],
  createProduct: [
    { why: 'unknown property', body: (v) => ({ ...v, price: 10 }), pointer: '/body/price' },
    { why: 'empty name', body: (v) => ({ ...v, name: '' }), pointer: '/body/name' },
    { why: 'no prices', body: (v) => ({ ...v, prices: [] }), pointer: '/body/prices' },
  ],
  updateProduct: [
    { why: 'empty patch (minProperties 1)', body: () => ({}), pointer: '/body' },
    { why: 'active of the wrong type', body: (v) => ({ ...v, active: 'no' }), pointer: '/body/active' },
  ],
  createDiscount: [
    { why: 'code with forbidden characters', body: (v) => ({ ...v, code: 'a!' }), pointer: '/body/code' },
    { why: 'percentOff out of range', body: (v) => ({ ...v, percentOff: 101 }), pointer: '/body/percentOff' },
  ],
  createWebhookEndpoint: [
    { why: 'url not a URI', body: (v) => ({ ...v, url: 'not a url' }), pointer: '/body/url' },
    {
      why: 'duplicate events (uniqueItems)',
      body: (v) => ({ ...v, events: ['order.created', 'order.created'] }),
      pointer: '/body/events',
    },
  ],
  createRefund: [
    { why: 'unknown property', body: (v) => ({ ...v, currency: 'usd' }), pointer: '/body/currency' },
    { why: 'negative amount', body: (v) => ({ ...v, amount: -5 }), pointer: '/body/amount' },
    { why: 'amount as a string', body: (v) => ({ ...v, amount: '5' }), pointer: '/body/amount' },
    { why: 'reason not in the enum', body: (v) => ({ ...v, reason: 'changed_mind' }), pointer: '/body/reason' },
    { why: 'note over 500 characters', body: (v) => ({ ...v, note: 'x'.repeat(501) }), pointer: '/body/note' },
  ],
};

type Route = {
  request?: { body?: { content: Record<string, { schema: ZodType; examples?: Record<string, { value: Body }> }> } };
};
const withBody = Object.entries(routes as unknown as Record<string, Route>).filter(([, r]) => r.request?.body);

describe('request bodies (error): documented invalid cases are rejected at the right pointer', () => {
  it('has invalid cases for every request body in the spec', () => {
    expect(withBody.map(([id]) => id).filter((id) => !CASES[id]?.length)).toEqual([]);
  });

  for (const [operationId, route] of withBody) {
    const media = route.request!.body!.content['application/json']!;
    const valid = Object.values(media.examples ?? {})[0]?.value;
    describe(operationId, () => {
      it('accepts its first documented example (the base of the invalid cases)', () => {
        expect(valid).toBeDefined();
        expect(media.schema.safeParse(valid).success).toBe(true);
      });
      for (const c of CASES[operationId] ?? []) {
        it(`rejects ${c.why} at ${c.pointer}`, () => {
          const result = media.schema.safeParse(c.body(structuredClone(valid!)));
          expect(result.success).toBe(false);
          const pointers = fieldErrorsOf(result.error!, 'json').map((e) => e.pointer);
          expect(pointers).toContain(c.pointer);
        });
      }
    });
  }
});
