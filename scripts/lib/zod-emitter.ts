/**
 * JSON Schema (the subset our spec uses) → zod v4 source code.
 *
 * The output is written for `@hono/zod-openapi`'s `z` (zod extended with `.openapi()`), so that
 * `getOpenAPI31Document()` emits the source schema back. Keywords zod cannot express or that
 * zod-to-openapi does not emit (multipleOf, uniqueItems, min/maxProperties, propertyNames, `/` in
 * patterns, `uri-reference`, integer formats) are validated with zod where possible and carried via
 * `.openapi({...})`.
 *
 * Anything outside the subset throws an `UnsupportedSchemaError` naming the JSON pointer, so the
 * spec cannot silently outgrow the generator.
 */
import { joinPointer } from './json-pointer';
import { code, indent, printLiteral, propertyKey } from './ts-literal';

export type JsonSchema = Record<string, unknown>;

export class UnsupportedSchemaError extends Error {
  constructor(
    readonly pointer: string,
    detail: string,
  ) {
    super(`${pointer}: ${detail}`);
    this.name = 'UnsupportedSchemaError';
  }
}

/** Keywords allowed per schema type; `common` applies to every schema. */
const COMMON = ['type', 'enum', 'const', 'default', 'description', 'example', 'examples'];
const BY_TYPE: Record<string, string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'multipleOf', 'format'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties', 'maxProperties', 'minProperties', 'propertyNames'],
};
const ANNOTATIONS = ['description', 'example', 'examples'];
/**
 * Formats with a zod validator; `uri-reference` is carried as an annotation only (zod has no check). `z.url()`
 * takes anything WHATWG `new URL()` parses (spaces, control characters, non-ASCII), so `uri` also needs `isUri`
 * (the generated schemas' RFC 3986 check, the one Ajv applies to our responses); a refinement is not emitted back.
 */
const STRING_FORMATS: Record<string, string> = {
  email: 'z.email()',
  uri: 'z.url().refine(isUri, "Invalid URI: RFC 3986 only (percent-encode spaces, control and non-ASCII characters)")',
  uuid: 'z.uuid()',
  'date-time': 'z.iso.datetime({ offset: true })',
  'uri-reference': 'z.string()',
};

/**
 * OpenAPI integer formats and the range each allows. zod's own `z.int32()` is emitted as `type: number`, so the
 * format is carried via `.openapi()` and the range checked by `.min()/.max()` (when the schema gives no bound, by a
 * refinement, which adds nothing to the emitted document). int64 is capped at the safe-integer range of a JSON
 * number in JavaScript, which `z.int()` enforces anyway.
 */
const INTEGER_FORMATS: Record<string, { min: number; max: number }> = {
  int32: { min: -2147483648, max: 2147483647 },
  int64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

export interface EmitContext {
  /** Turns a `$ref` (`#/components/schemas/Name`) into the identifier of its exported schema. */
  refName(ref: string): string;
}

/** How the schema sits in its parent: decides whether `default` becomes `.default()`. */
export type Presence = 'required' | 'optional' | 'standalone';

/** A zod expression before `.optional()` / `.default()`, with the metadata still to attach. */
export interface ZodCore {
  expr: string;
  meta: Record<string, unknown>;
  defaultValue?: unknown;
  /** The single non-null JSON type, when the schema has one (used for parameter coercion). */
  jsonType?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function unsupported(pointer: string, detail: string): never {
  throw new UnsupportedSchemaError(pointer, detail);
}

export function regexLiteral(pattern: string, pointer: string): { literal: string; source: string } {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (error) {
    return unsupported(
      pointer,
      `pattern ${JSON.stringify(pattern)} is not a valid ECMAScript regex (${String(error)})`,
    );
  }
  return { literal: `/${re.source}/`, source: re.source };
}

function extensionMeta(schema: JsonSchema): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (k.startsWith('x-')) meta[k] = v;
  return meta;
}

function annotationMeta(schema: JsonSchema): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const k of ANNOTATIONS) if (schema[k] !== undefined) meta[k] = schema[k];
  return meta;
}

/** Splits `type` into its non-null part and nullability; infers the type of `enum`/`const`. */
function typeOf(schema: JsonSchema, pointer: string): { type: string; nullable: boolean } {
  const raw = schema.type;
  let types: string[];
  if (raw === undefined) {
    const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
    if (!values) return unsupported(pointer, 'schema has no `type` (and no `$ref`, `oneOf`, `enum` or `const`)');
    types = [...new Set(values.map((v) => (v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v)))];
  } else {
    types = Array.isArray(raw) ? (raw as string[]) : [raw as string];
  }
  const nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length !== 1) {
    return unsupported(pointer, `type ${JSON.stringify(raw)} is not supported (one type, optionally with "null")`);
  }
  const type = nonNull[0] as string;
  if (!(type in BY_TYPE)) return unsupported(pointer, `type "${type}" is not supported`);
  return { type, nullable: types.includes('null') };
}

function checkKeywords(schema: JsonSchema, allowed: string[], pointer: string, what: string): void {
  for (const key of Object.keys(schema)) {
    if (key.startsWith('x-')) continue;
    if (!allowed.includes(key)) unsupported(joinPointer(pointer, key), `keyword "${key}" is not supported on ${what}`);
  }
}

/** Emits the zod expression for `schema`, without presence (`.optional()`/`.default()`) applied. */
export function emitCore(schema: unknown, pointer: string, ctx: EmitContext): ZodCore {
  if (!isObject(schema)) return unsupported(pointer, 'a schema must be an object (boolean schemas are not supported)');

  if (schema.$ref !== undefined) {
    checkKeywords(schema, ['$ref', ...ANNOTATIONS], pointer, 'a $ref');
    const ref = schema.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) {
      return unsupported(pointer, `$ref ${JSON.stringify(ref)} must point into #/components/schemas/`);
    }
    return { expr: ctx.refName(ref), meta: annotationMeta(schema) };
  }

  if (schema.oneOf !== undefined) return emitOneOf(schema, pointer, ctx);
  if (schema.discriminator !== undefined)
    unsupported(joinPointer(pointer, 'discriminator'), '`discriminator` is only supported with `oneOf`');

  const { type, nullable } = typeOf(schema, pointer);
  checkKeywords(schema, [...COMMON, ...(BY_TYPE[type] ?? [])], pointer, `type "${type}"`);
  const meta: Record<string, unknown> = { ...annotationMeta(schema), ...extensionMeta(schema) };
  let expr: string;

  if (schema.const !== undefined) {
    if (nullable) unsupported(pointer, '`const` with a nullable type is not supported');
    expr = `z.literal(${printLiteral(schema.const)})`;
  } else if (schema.enum !== undefined) {
    expr = emitEnum(schema, type, nullable, pointer, meta);
  } else {
    switch (type) {
      case 'string':
        expr = emitString(schema, pointer, meta);
        break;
      case 'number':
      case 'integer':
        expr = emitNumber(schema, type, pointer, meta);
        break;
      case 'boolean':
        expr = 'z.boolean()';
        break;
      case 'array':
        expr = emitArray(schema, pointer, ctx, meta);
        break;
      default:
        expr = emitObject(schema, pointer, ctx, meta);
    }
  }
  if (nullable) expr += '.nullable()';
  return { expr, meta, defaultValue: schema.default, jsonType: type };
}

function emitEnum(
  schema: JsonSchema,
  type: string,
  nullable: boolean,
  pointer: string,
  meta: Record<string, unknown>,
): string {
  const values = schema.enum;
  if (!Array.isArray(values) || values.length === 0)
    return unsupported(joinPointer(pointer, 'enum'), '`enum` must be a non-empty array');
  const hasNull = values.includes(null);
  if (nullable !== hasNull) {
    return unsupported(
      joinPointer(pointer, 'enum'),
      nullable
        ? 'type allows "null" but `enum` does not list null (JSON Schema would reject null); add null to enum'
        : '`enum` lists null but `type` does not allow "null"',
    );
  }
  const nonNull = values.filter((v) => v !== null);
  for (const v of nonNull) {
    const actual = Number.isInteger(v) && type === 'integer' ? 'integer' : typeof v;
    if (actual !== type && !(type === 'number' && typeof v === 'number')) {
      unsupported(joinPointer(pointer, 'enum'), `enum value ${JSON.stringify(v)} is not of type "${type}"`);
    }
  }
  if (type === 'string') return `z.enum(${printLiteral(nonNull)})`;
  // zod-to-openapi prints multi-value literals with their first value only and typeof as type: state both.
  meta.type = schema.type ?? type;
  meta.enum = values;
  return `z.literal(${printLiteral(nonNull)})`;
}

function emitString(schema: JsonSchema, pointer: string, meta: Record<string, unknown>): string {
  let expr = 'z.string()';
  if (schema.format !== undefined) {
    const format = schema.format as string;
    const base = STRING_FORMATS[format];
    if (!base)
      return unsupported(
        joinPointer(pointer, 'format'),
        `format "${format}" is not supported (${Object.keys(STRING_FORMATS).join(', ')})`,
      );
    expr = base;
    if (format === 'uri-reference') meta.format = format;
  }
  if (schema.minLength !== undefined) expr += `.min(${schema.minLength})`;
  if (schema.maxLength !== undefined) expr += `.max(${schema.maxLength})`;
  if (schema.pattern !== undefined) {
    const { literal, source } = regexLiteral(schema.pattern as string, joinPointer(pointer, 'pattern'));
    expr += `.regex(${literal})`;
    // zod-to-openapi prints RegExp#source, which escapes `/`; keep the source text exactly.
    if (source !== schema.pattern) meta.pattern = schema.pattern;
    // A regex check replaces the format zod reports (`z.url().regex()` reads as format "regex").
    if (schema.format !== undefined) meta.format = schema.format;
  }
  return expr;
}

function emitNumber(schema: JsonSchema, type: string, pointer: string, meta: Record<string, unknown>): string {
  let expr = type === 'integer' ? 'z.int()' : 'z.number()';
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'multipleOf']) {
    if (schema[k] !== undefined && typeof schema[k] !== 'number')
      unsupported(joinPointer(pointer, k), `${k} must be a number`);
  }
  if (schema.minimum !== undefined) expr += `.min(${schema.minimum})`;
  if (schema.exclusiveMinimum !== undefined) expr += `.gt(${schema.exclusiveMinimum})`;
  if (schema.maximum !== undefined) expr += `.max(${schema.maximum})`;
  if (schema.multipleOf !== undefined) {
    expr += `.multipleOf(${schema.multipleOf})`;
    meta.multipleOf = schema.multipleOf; // not emitted by zod-to-openapi
  }
  if (schema.format !== undefined) {
    const range = integerRange(schema, pointer);
    // z.int() already stays within the safe-integer range (int64's cap); int32 needs its own check.
    const checks = [
      ...(schema.minimum === undefined && schema.exclusiveMinimum === undefined ? [`n >= ${range.min}`] : []),
      ...(schema.maximum === undefined ? [`n <= ${range.max}`] : []),
    ];
    if (schema.format === 'int32' && checks.length > 0) {
      expr += `.refine((n) => ${checks.join(' && ')}, { message: "must be a 32-bit integer" })`;
    }
    meta.format = schema.format;
  }
  return expr;
}

/** The range of an integer `format`; refuses unknown formats and bounds outside the format's range. */
function integerRange(schema: JsonSchema, pointer: string): { min: number; max: number } {
  const format = schema.format as string;
  const range = INTEGER_FORMATS[format];
  if (!range) {
    return unsupported(
      joinPointer(pointer, 'format'),
      `integer format "${format}" is not supported (${Object.keys(INTEGER_FORMATS).join(', ')})`,
    );
  }
  for (const k of ['minimum', 'exclusiveMinimum', 'maximum'] as const) {
    const bound = schema[k] as number | undefined;
    if (bound !== undefined && (bound < range.min || bound > range.max)) {
      unsupported(joinPointer(pointer, k), `${k} ${bound} is outside the range of format "${format}"`);
    }
  }
  return range;
}

function emitArray(schema: JsonSchema, pointer: string, ctx: EmitContext, meta: Record<string, unknown>): string {
  if (schema.items === undefined) return unsupported(pointer, 'an array schema needs `items`');
  const items = finish(emitCore(schema.items, joinPointer(pointer, 'items'), ctx), 'standalone');
  let expr = `z.array(${items})`;
  if (schema.minItems !== undefined) expr += `.min(${schema.minItems})`;
  if (schema.maxItems !== undefined) expr += `.max(${schema.maxItems})`;
  if (schema.uniqueItems === true) {
    expr += `.refine(hasUniqueItems, { message: "must NOT have duplicate items" })`;
    meta.uniqueItems = true; // zod has no uniqueItems; validated by the refinement above
  } else if (schema.uniqueItems !== undefined && schema.uniqueItems !== false) {
    unsupported(joinPointer(pointer, 'uniqueItems'), 'uniqueItems must be a boolean');
  }
  return expr;
}

function emitObject(schema: JsonSchema, pointer: string, ctx: EmitContext, meta: Record<string, unknown>): string {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  if (!isObject(properties)) return unsupported(joinPointer(pointer, 'properties'), '`properties` must be an object');
  const required = (schema.required ?? []) as string[];
  if (!Array.isArray(required)) return unsupported(joinPointer(pointer, 'required'), '`required` must be an array');
  for (const name of required) {
    if (!(name in properties))
      unsupported(joinPointer(pointer, 'required'), `"${name}" is required but not declared in properties`);
  }
  const names = Object.keys(properties);
  const shape = names.map((name) => {
    const core = emitCore(properties[name], joinPointer(pointer, 'properties', name), ctx);
    return `${propertyKey(name)}: ${finish(core, required.includes(name) ? 'required' : 'optional')},`;
  });
  const shapeText = shape.length === 0 ? '{}' : `{\n${indent(shape.join('\n'))}\n}`;

  const additional = schema.additionalProperties;
  let expr: string;
  if (schema.propertyNames !== undefined) {
    const pn = schema.propertyNames;
    if (!isObject(pn) || Object.keys(pn).join() !== 'pattern' || typeof pn.pattern !== 'string') {
      return unsupported(joinPointer(pointer, 'propertyNames'), 'propertyNames supports only `{ pattern }`');
    }
    if (names.length > 0)
      return unsupported(
        joinPointer(pointer, 'propertyNames'),
        'propertyNames is supported only on objects without `properties`',
      );
  }
  if (additional === false) {
    expr = `z.strictObject(${shapeText})`;
  } else if (additional === undefined || additional === true) {
    expr = names.length > 0 ? `z.looseObject(${shapeText})` : `z.record(${keySchema(schema, pointer)}, z.unknown())`;
  } else if (isObject(additional)) {
    const value = finish(emitCore(additional, joinPointer(pointer, 'additionalProperties'), ctx), 'standalone');
    expr =
      names.length > 0
        ? `z.object(${shapeText}).catchall(${value})`
        : `z.record(${keySchema(schema, pointer)}, ${value})`;
  } else {
    return unsupported(
      joinPointer(pointer, 'additionalProperties'),
      'additionalProperties must be a boolean or a schema',
    );
  }
  if (schema.propertyNames !== undefined) meta.propertyNames = schema.propertyNames; // validated by the record key schema
  if (schema.minProperties !== undefined) {
    expr += `.refine((o) => Object.keys(o).length >= ${schema.minProperties}, { message: "must NOT have fewer than ${schema.minProperties} properties" })`;
    meta.minProperties = schema.minProperties;
  }
  if (schema.maxProperties !== undefined) {
    expr += `.refine((o) => Object.keys(o).length <= ${schema.maxProperties}, { message: "must NOT have more than ${schema.maxProperties} properties" })`;
    meta.maxProperties = schema.maxProperties;
  }
  return expr;
}

function keySchema(schema: JsonSchema, pointer: string): string {
  const pn = schema.propertyNames as { pattern?: string } | undefined;
  if (!pn?.pattern) return 'z.string()';
  return `z.string().regex(${regexLiteral(pn.pattern, joinPointer(pointer, 'propertyNames', 'pattern')).literal})`;
}

function emitOneOf(schema: JsonSchema, pointer: string, ctx: EmitContext): ZodCore {
  checkKeywords(schema, ['oneOf', 'discriminator', ...ANNOTATIONS], pointer, 'a oneOf');
  const options = schema.oneOf;
  const discriminator = schema.discriminator as { propertyName?: unknown; mapping?: unknown } | undefined;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== 'string') {
    return unsupported(pointer, '`oneOf` is supported only with a `discriminator` { propertyName }');
  }
  if (!Array.isArray(options) || options.length < 2)
    return unsupported(joinPointer(pointer, 'oneOf'), '`oneOf` needs at least two options');
  const refs = options.map((option, i) => {
    if (!isObject(option) || typeof option.$ref !== 'string' || Object.keys(option).length !== 1) {
      return unsupported(
        joinPointer(pointer, 'oneOf', i),
        'each discriminated `oneOf` option must be a bare $ref to a component schema',
      );
    }
    return emitCore(option, joinPointer(pointer, 'oneOf', i), ctx).expr;
  });
  const meta = { ...annotationMeta(schema), ...extensionMeta(schema) };
  return { expr: `z.discriminatedUnion(${JSON.stringify(discriminator.propertyName)}, [${refs.join(', ')}])`, meta };
}

/** `propertyNames` (JSON Schema 2020-12) is missing from zod-to-openapi's metadata type, though emitted fine. */
function metaLiteral(meta: Record<string, unknown>): string {
  if (!('propertyNames' in meta)) return printLiteral(meta);
  // A spread member escapes the excess-property check and stays plain JavaScript.
  const { propertyNames, ...rest } = meta;
  return printLiteral({ ...rest, '...': code(`{ propertyNames: ${printLiteral(propertyNames)} }`) });
}

/** Applies metadata and presence: `.openapi({...})`, then `.optional()` or `.default(v)`. */
export function finish(core: ZodCore, presence: Presence, extraMeta: Record<string, unknown> = {}): string {
  const meta = { ...core.meta, ...extraMeta };
  const useZodDefault = presence === 'optional' && core.defaultValue !== undefined;
  if (core.defaultValue !== undefined && !useZodDefault) meta.default = core.defaultValue;
  let expr = core.expr;
  if (Object.keys(meta).length > 0) expr += `.openapi(${metaLiteral(meta)})`;
  if (useZodDefault) expr += `.default(${printLiteral(core.defaultValue)})`;
  else if (presence === 'optional') expr += '.optional()';
  return expr;
}

/** Emits the schema of a component: `<expr>.openapi("Name", {...})`, registered for `$ref`s. */
export function emitComponent(name: string, schema: unknown, pointer: string, ctx: EmitContext): string {
  const core = emitCore(schema, pointer, ctx);
  const meta = { ...core.meta };
  if (core.defaultValue !== undefined) meta.default = core.defaultValue;
  const args = Object.keys(meta).length > 0 ? `${JSON.stringify(name)}, ${metaLiteral(meta)}` : JSON.stringify(name);
  return `${core.expr}.openapi(${args})`;
}
