/** The converter refuses anything outside the JSON Schema subset, naming the JSON pointer and the keyword. */
import { describe, expect, it } from 'vitest';
import { emitCore, UnsupportedSchemaError, type JsonSchema } from '../../../../scripts/lib/zod-emitter';
import { dependencyOrder } from '../../../../scripts/lib/component-order';

const ctx = { refName: (ref: string) => ref.split('/').pop()! };
const emit = (schema: unknown) => emitCore(schema, '#/components/schemas/X', ctx);

const UNSUPPORTED: Array<[string, JsonSchema | boolean, RegExp]> = [
  ['allOf', { allOf: [{ type: 'string' }] }, /#\/components\/schemas\/X: schema has no `type`/],
  [
    'anyOf next to a type',
    { type: 'string', anyOf: [] },
    /X\/anyOf: keyword "anyOf" is not supported on type "string"/,
  ],
  ['not', { type: 'string', not: { const: 'a' } }, /X\/not: keyword "not"/],
  ['exclusiveMaximum', { type: 'number', exclusiveMaximum: 1 }, /X\/exclusiveMaximum: keyword "exclusiveMaximum"/],
  ['format date', { type: 'string', format: 'date' }, /X\/format: format "date" is not supported/],
  [
    'integer format other than int32/int64',
    { type: 'integer', format: 'uint8' },
    /X\/format: integer format "uint8" is not supported \(int32, int64\)/,
  ],
  [
    'int32 bound outside the 32-bit range',
    { type: 'integer', format: 'int32', maximum: 2 ** 31 },
    /X\/maximum: maximum 2147483648 is outside the range of format "int32"/,
  ],
  [
    'format on a number',
    { type: 'number', format: 'double' },
    /X\/format: keyword "format" is not supported on type "number"/,
  ],
  [
    'keyword of another type',
    { type: 'number', maxLength: 3 },
    /X\/maxLength: keyword "maxLength" is not supported on type "number"/,
  ],
  ['two non-null types', { type: ['string', 'number'] }, /type \["string","number"\] is not supported/],
  [
    'nullable enum without null',
    { type: ['string', 'null'], enum: ['a'] },
    /X\/enum: type allows "null" but `enum` does not list null/,
  ],
  [
    'enum with null on a non-nullable type',
    { type: 'string', enum: ['a', null] },
    /X\/enum: `enum` lists null but `type` does not allow "null"/,
  ],
  [
    'oneOf without discriminator',
    { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
    /`oneOf` is supported only with a `discriminator`/,
  ],
  [
    'discriminated oneOf with inline options',
    { oneOf: [{ type: 'object' }, { $ref: '#/components/schemas/B' }], discriminator: { propertyName: 'object' } },
    /X\/oneOf\/0: each discriminated `oneOf` option must be a bare \$ref/,
  ],
  [
    '$ref outside components/schemas',
    { $ref: '#/components/parameters/Limit' },
    /must point into #\/components\/schemas\//,
  ],
  [
    '$ref with a non-annotation sibling',
    { $ref: '#/components/schemas/A', maxLength: 1 },
    /X\/maxLength: keyword "maxLength" is not supported on a \$ref/,
  ],
  [
    'required property not declared',
    { type: 'object', required: ['a'], properties: {} },
    /X\/required: "a" is required but not declared/,
  ],
  [
    'propertyNames other than pattern',
    { type: 'object', propertyNames: { maxLength: 3 } },
    /X\/propertyNames: propertyNames supports only `\{ pattern \}`/,
  ],
  ['array without items', { type: 'array' }, /an array schema needs `items`/],
  ['boolean schema', true, /boolean schemas are not supported/],
  ['invalid regex', { type: 'string', pattern: '(' }, /X\/pattern: pattern "\(" is not a valid ECMAScript regex/],
  [
    'nested: the pointer goes down to the offending keyword',
    { type: 'object', properties: { a: { type: 'array', items: { type: 'string', format: 'ipv4' } } } },
    /X\/properties\/a\/items\/format: format "ipv4"/,
  ],
];

describe('zod emitter (error): the subset is enforced', () => {
  it.each(UNSUPPORTED)('%s', (_name, schema, message) => {
    expect(() => emit(schema)).toThrow(UnsupportedSchemaError);
    expect(() => emit(schema)).toThrow(message);
  });

  it('refuses recursive component schemas, naming the cycle', () => {
    const schemas = {
      Node: {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
      },
    };
    expect(() => dependencyOrder(schemas)).toThrow('recursive schemas are not supported yet: Node → Node');
  });

  it('refuses a $ref to a schema that does not exist', () => {
    expect(() => dependencyOrder({ A: { $ref: '#/components/schemas/Missing' } })).toThrow(
      '$ref to unknown schema #/components/schemas/Missing (from A)',
    );
  });
});
