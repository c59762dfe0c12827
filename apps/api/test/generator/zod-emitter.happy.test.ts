/** The converter, keyword by keyword: JSON Schema → zod (validates as JSON Schema would) → back (same schema). */
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../../scripts/lib/zod-emitter';
import { roundTrip, toZodSource } from './round-trip';

interface KeywordCase {
  schema: JsonSchema;
  valid: unknown[];
  invalid: unknown[];
}

const CASES: Record<string, KeywordCase> = {
  'type string': { schema: { type: 'string' }, valid: ['', 'a'], invalid: [1, null] },
  'type number': { schema: { type: 'number' }, valid: [1, 1.5], invalid: ['1', null] },
  'type integer': { schema: { type: 'integer' }, valid: [1, -3], invalid: [1.5, '1'] },
  'type boolean': { schema: { type: 'boolean' }, valid: [true, false], invalid: ['true', 0] },
  'nullable [string, null]': { schema: { type: ['string', 'null'] }, valid: ['a', null], invalid: [1] },
  'nullable object': {
    schema: { type: ['object', 'null'], additionalProperties: true },
    valid: [{ a: 1 }, null],
    invalid: ['x'],
  },
  'enum (string)': { schema: { type: 'string', enum: ['a', 'b'] }, valid: ['a'], invalid: ['c'] },
  'enum nullable': { schema: { type: ['string', 'null'], enum: ['a', null] }, valid: ['a', null], invalid: ['b'] },
  'enum (integer)': { schema: { type: 'integer', enum: [1, 2] }, valid: [1, 2], invalid: [3] },
  const: { schema: { type: 'string', const: 'order' }, valid: ['order'], invalid: ['orders'] },
  'const boolean': { schema: { type: 'boolean', const: true }, valid: [true], invalid: [false] },
  minLength: { schema: { type: 'string', minLength: 2 }, valid: ['ab'], invalid: ['a'] },
  maxLength: { schema: { type: 'string', maxLength: 2 }, valid: ['ab'], invalid: ['abc'] },
  pattern: { schema: { type: 'string', pattern: '^[a-z]{3}$' }, valid: ['usd'], invalid: ['USD', 'usdx'] },
  'pattern with /': {
    schema: { type: 'string', pattern: '^https://x\\.com/[a-z]+$' },
    valid: ['https://x.com/a'],
    invalid: ['http://x.com/a'],
  },
  'format email': {
    schema: { type: 'string', format: 'email', maxLength: 254 },
    valid: ['a@example.com'],
    invalid: ['nope'],
  },
  'format uri': {
    schema: { type: 'string', format: 'uri' },
    valid: ['https://example.com/x?y=1', 'https://example.com/%C3%A9'],
    // `new URL()` would take all of these; RFC 3986 (and Ajv) do not.
    invalid: [
      'not a uri',
      'https://example.com/a b',
      'https://example.com/\u0001',
      'https://example.com/é',
      'https://example.com/%zz',
    ],
  },
  'format uri + pattern': {
    schema: { type: 'string', format: 'uri', pattern: '^https:' },
    valid: ['https://a.b'],
    invalid: ['http://a.b'],
  },
  'format uri-reference (annotation)': {
    schema: { type: 'string', format: 'uri-reference' },
    valid: ['/a/b'],
    invalid: [1],
  },
  'format uuid': {
    schema: { type: 'string', format: 'uuid' },
    valid: ['019e56ba-9832-72ae-9c4f-2b7e5d1a8f03'],
    invalid: ['ch_1'],
  },
  'format date-time': {
    schema: { type: 'string', format: 'date-time' },
    valid: ['2026-11-24T14:30:00Z', '2026-11-24T14:30:00+01:00'],
    invalid: ['2026-11-24', 'yesterday'],
  },
  minimum: { schema: { type: 'number', minimum: 1 }, valid: [1], invalid: [0.99] },
  maximum: { schema: { type: 'number', maximum: 100 }, valid: [100], invalid: [100.01] },
  exclusiveMinimum: { schema: { type: 'number', exclusiveMinimum: 0 }, valid: [0.01], invalid: [0] },
  'integer format int32 with bounds': {
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 100 },
    valid: [1, 100],
    invalid: [0, 101, 1.5],
  },
  'integer format int32 without bounds (the 32-bit range is checked)': {
    schema: { type: 'integer', format: 'int32' },
    valid: [-2147483648, 0, 2147483647],
    invalid: [-2147483649, 2147483648, 1.5],
  },
  'integer format int32, lower bound only': {
    schema: { type: 'integer', format: 'int32', minimum: 0 },
    valid: [0, 2147483647],
    invalid: [-1, 2147483648],
  },
  'nullable integer format int32': {
    schema: { type: ['integer', 'null'], format: 'int32', minimum: 100, maximum: 599 },
    valid: [200, null],
    invalid: [99, 600, '200'],
  },
  'integer format int64': {
    schema: { type: 'integer', format: 'int64', minimum: 0 },
    valid: [0, 2147483648, Number.MAX_SAFE_INTEGER],
    invalid: [-1, 1.5, 2 ** 53],
  },
  multipleOf: { schema: { type: 'number', multipleOf: 0.01 }, valid: [1.23, 15], invalid: [1.234] },
  'multipleOf 1 on number': {
    schema: { type: 'number', minimum: 1, maximum: 100, multipleOf: 1 },
    valid: [2],
    invalid: [1.5],
  },
  'array items/minItems/maxItems': {
    schema: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
    valid: [['a'], ['a', 'b']],
    invalid: [[], ['a', 'b', 'c'], [1]],
  },
  uniqueItems: {
    schema: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    valid: [['a', 'b']],
    invalid: [['a', 'a']],
  },
  'uniqueItems (objects, key order ignored)': {
    schema: { type: 'array', items: { type: 'object', additionalProperties: true }, uniqueItems: true },
    valid: [[{ a: 1 }, { a: 2 }]],
    invalid: [
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
    ],
  },
  'properties/required, additionalProperties false': {
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['a'],
      properties: { a: { type: 'string' }, b: { type: 'integer' } },
    },
    valid: [{ a: 'x' }, { a: 'x', b: 1 }],
    invalid: [{}, { a: 'x', c: 1 }, { a: 'x', b: 'y' }],
  },
  'additionalProperties true': {
    schema: { type: 'object', additionalProperties: true, properties: { a: { type: 'string' } } },
    valid: [{ a: 'x', extra: [1] }],
    invalid: [{ a: 1 }],
  },
  'additionalProperties schema (no properties)': {
    schema: { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } },
    valid: [{ x: 'abc' }],
    invalid: [{ x: 'abcd' }, { x: 1 }],
  },
  'additionalProperties schema (with properties)': {
    schema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: { type: 'string' } },
    valid: [{ a: 1, b: 'x' }],
    invalid: [{ a: 1, b: 2 }],
  },
  'maxProperties/minProperties': {
    schema: { type: 'object', additionalProperties: true, minProperties: 1, maxProperties: 2 },
    valid: [{ a: 1 }, { a: 1, b: 2 }],
    invalid: [{}, { a: 1, b: 2, c: 3 }],
  },
  'propertyNames pattern': {
    schema: {
      type: 'object',
      additionalProperties: { type: 'string' },
      propertyNames: { pattern: '^[A-Za-z0-9_]{1,40}$' },
    },
    valid: [{ user_id: 'x' }],
    invalid: [{ 'bad key': 'x' }],
  },
  'description/example/examples (annotations)': {
    schema: { type: 'string', description: 'd', example: 'e', examples: ['e1', 'e2'] },
    valid: ['e'],
    invalid: [1],
  },
  'default (standalone → annotation)': { schema: { type: 'integer', default: 20 }, valid: [3], invalid: ['3'] },
  'x- extensions': { schema: { type: 'string', 'x-internal': true }, valid: ['a'], invalid: [1] },
};

describe('zod emitter (happy): each keyword → zod → back', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const { zod, source, back } = roundTrip(c.schema);
      expect(back).toEqual(source);
      for (const value of c.valid) expect(zod.safeParse(value).success, `accepts ${JSON.stringify(value)}`).toBe(true);
      for (const value of c.invalid)
        expect(zod.safeParse(value).success, `rejects ${JSON.stringify(value)}`).toBe(false);
    });
  }

  it('$ref → the named schema, emitted as a $ref', () => {
    const Thing = z.strictObject({ id: z.string() }).openapi('Thing');
    const { back, zod } = roundTrip(
      {
        type: 'object',
        additionalProperties: false,
        required: ['thing'],
        properties: { thing: { $ref: '#/components/schemas/Thing' } },
      },
      { Thing },
    );
    expect(back).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['thing'],
      properties: {
        thing: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: { id: { type: 'string' } },
        },
      },
    });
    expect(zod.safeParse({ thing: { id: 'x' } }).success).toBe(true);
    expect(zod.safeParse({ thing: { id: 1 } }).success).toBe(false);
  });

  it('oneOf with discriminator → z.discriminatedUnion, emitted as oneOf + discriminator', () => {
    const A = z.strictObject({ object: z.literal('a') }).openapi('A');
    const B = z.strictObject({ object: z.literal('b'), n: z.int() }).openapi('B');
    const schema = {
      oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }],
      discriminator: { propertyName: 'object', mapping: { a: '#/components/schemas/A', b: '#/components/schemas/B' } },
    };
    expect(toZodSource(schema)).toBe('z.discriminatedUnion("object", [A, B])');
    const { zod, back } = roundTrip(schema, { A, B });
    expect(back).toMatchObject({
      oneOf: [{ properties: { object: { enum: ['a'] } } }, { properties: { object: { enum: ['b'] } } }],
      discriminator: schema.discriminator,
    });
    expect(zod.safeParse({ object: 'b', n: 1 }).success).toBe(true);
    expect(zod.safeParse({ object: 'c' }).success).toBe(false);
  });

  it('optional property with default → .default(v): filled in when absent, still not required', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: { quantity: { type: 'number', default: 1 } },
    };
    const { zod, source, back } = roundTrip(schema);
    expect(back).toEqual(source);
    expect(zod.parse({})).toEqual({ quantity: 1 });
  });

  it('prints readable, deterministic source', () => {
    expect(toZodSource({ type: 'string', minLength: 1, maxLength: 64, description: 'The product' }, 'optional')).toBe(
      'z.string().min(1).max(64).openapi({ description: "The product" }).optional()',
    );
  });
});
