import fc from 'fast-check';
import type { JsonSchema } from './spec';
import type { Contract } from './validator';

/**
 * fast-check arbitraries for values VALID against a schema of the bundled spec (the subset our spec uses: see
 * scripts/lib/zod-emitter.ts). Formats get conservative generators (plain emails, https URLs) so that a failure
 * means the server disagrees with the spec, not that an exotic-but-legal value hit a stricter validator.
 */
export function validValue(contract: Contract, schema: JsonSchema, at = '#'): fc.Arbitrary<unknown> {
  const { node } = contract.resolve(schema, at);
  const s = node as JsonSchema & Record<string, any>;
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.oneOf))
    return fc.oneof(
      ...(s.oneOf as JsonSchema[]).map((variant, i) => validValue(contract, variant, `${at}/oneOf/${i}`)),
    );
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['object'];
  const variants = types.map((type) => byType(contract, s, type, at));
  return variants.length === 1 ? variants[0]! : fc.oneof(...variants);
}

function byType(contract: Contract, s: Record<string, any>, type: string, at: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerIn(s);
    case 'number':
      return s.multipleOf === 1 ? integerIn(s) : numberIn(s);
    case 'string':
      return stringFor(s);
    case 'array':
      return arrayFor(contract, s, at);
    case 'object':
      return objectFor(contract, s, at);
    default:
      throw new Error(`${at}: no generator for type ${type}`);
  }
}

function bounds(s: Record<string, any>, fallbackMin: number, fallbackMax: number): { min: number; max: number } {
  const min = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : (s.minimum ?? fallbackMin);
  return { min, max: s.maximum ?? fallbackMax };
}

function integerIn(s: Record<string, any>): fc.Arbitrary<number> {
  const { min, max } = bounds(s, -1_000_000, 1_000_000);
  const lower = s.exclusiveMinimum !== undefined ? Math.floor(min) + 1 : Math.ceil(min);
  return fc.integer({ min: lower, max: Math.floor(max) });
}

/** Decimals with two places at most: the precision every currency in the spec accepts is a separate rule. */
function numberIn(s: Record<string, any>): fc.Arbitrary<number> {
  const { min, max } = bounds(s, -1_000_000, 1_000_000);
  const lower = Math.ceil(min * 100) + (s.exclusiveMinimum !== undefined ? 1 : 0);
  return fc.integer({ min: lower, max: Math.floor(max * 100) }).map((cents) => cents / 100);
}

const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);

function stringFor(s: Record<string, any>): fc.Arbitrary<string> {
  const maxLength: number = s.maxLength ?? 64;
  const minLength: number = s.minLength ?? 0;
  const fit = (arb: fc.Arbitrary<string>) => arb.filter((v) => v.length >= minLength && v.length <= maxLength);
  switch (s.format) {
    case 'email':
      return fit(fc.tuple(word, word).map(([local, host]) => `${local}@${host}.example.com`));
    case 'uri':
      return fit(word.map((path) => `https://example.com/${path}`));
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2035, 0, 1) })
        .map((ms) => new Date(ms).toISOString());
  }
  if (s.pattern) return fit(fc.stringMatching(new RegExp(s.pattern)));
  return fc.string({ minLength, maxLength: Math.min(maxLength, 40) });
}

function arrayFor(contract: Contract, s: Record<string, any>, at: string): fc.Arbitrary<unknown[]> {
  const item = validValue(contract, s.items ?? {}, `${at}/items`);
  const constraints = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) };
  return s.uniqueItems
    ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
    : fc.array(item, constraints);
}

function objectFor(contract: Contract, s: Record<string, any>, at: string): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, JsonSchema> = s.properties ?? {};
  const required = new Set<string>(s.required ?? []);
  const known = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, schema]) => [key, validValue(contract, schema, `${at}/properties/${key}`)]),
    ),
    { requiredKeys: [...required].filter((key) => key in properties) },
  );
  const extra = s.additionalProperties;
  if (extra === undefined || extra === false || Object.keys(properties).length > 0) {
    return minProperties(known, s.minProperties);
  }
  // A map (`customFields`, `checkoutData`): keys by propertyNames, values by additionalProperties.
  const keys = s.propertyNames?.pattern ? fc.stringMatching(new RegExp(s.propertyNames.pattern)) : word;
  const values =
    extra === true
      ? fc.oneof(word, fc.integer(), fc.boolean())
      : validValue(contract, extra, `${at}/additionalProperties`);
  return fc.dictionary(keys, values, { maxKeys: Math.min(s.maxProperties ?? 5, 5), minKeys: s.minProperties ?? 0 });
}

function minProperties(
  arb: fc.Arbitrary<Record<string, unknown>>,
  min: number | undefined,
): fc.Arbitrary<Record<string, unknown>> {
  return min ? arb.filter((value) => Object.keys(value).length >= min) : arb;
}

/** A JSON value of a type the schema does not allow at all, or undefined when the schema allows every type. */
export function wrongTypeValue(contract: Contract, schema: JsonSchema, at = '#'): unknown {
  const { node } = contract.resolve(schema, at);
  const s = node as Record<string, any>;
  const allowed = new Set<string>(
    Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.enum || s.const !== undefined ? ['string'] : [],
  );
  if (allowed.size === 0) return undefined;
  if (allowed.has('integer')) allowed.add('number');
  const candidates: [string, unknown][] = [
    ['string', 'not-a-valid-value'],
    ['number', 12345.5],
    ['boolean', true],
    ['array', ['x']],
    ['object', { unexpected: 1 }],
  ];
  return candidates.find(([type]) => !allowed.has(type))?.[1];
}
