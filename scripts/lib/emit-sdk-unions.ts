/**
 * Two SDK-only type files derived from the bundled spec:
 *
 * - problem codes by HTTP status, so each SDK error class can narrow `code` to what its status carries (the table
 *   of problem-codes.ts, which the server's code → status map is generated from too).
 * - the `data.object` schema each webhook event type carries, from the spec's `webhooks:` section: the body
 *   schema's `data.object` when it is one schema, else the discriminator values its examples use. A webhook whose
 *   object cannot be told apart this way fails generation (the union would silently widen otherwise).
 */
import type { OpenApiDocument } from './bundle';
import { withHeader } from './header';
import { followRefs } from './json-pointer';
import { problemCodesByStatus } from './problem-codes';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** ` <union>` of sorted string literals, to follow `=` or `:`; one member per line (indented) when several. */
const literalUnion = (values: Iterable<string>, indent = ''): string => {
  const sorted = [...new Set(values)].sort();
  if (sorted.length <= 1) return sorted.length === 0 ? ' never' : ` ${quote(sorted[0]!)}`;
  return sorted.map((v) => `\n${indent}  | ${quote(v)}`).join('');
};

const schemaName = (ref: string): string => {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`expected a #/components/schemas/… reference, got ${ref}`);
  return match[1]!;
};

export function emitProblemCodes(doc: OpenApiDocument): string {
  const byStatus = [...problemCodesByStatus(doc)].sort(([a], [b]) => a - b);
  const all = byStatus.flatMap(([, codes]) => [...codes]);
  const lines = [
    '/** Every problem `code` the API documents (the ProblemCode schema). */',
    `export type ProblemCode =${literalUnion(all)};`,
    '',
    '/** The problem codes each HTTP status can carry (ProblemCode description, checked against x-problem-codes). */',
    'export interface ProblemCodesByStatus {',
    ...byStatus.map(([status, codes]) => `  ${status}:${literalUnion(codes, '  ')};`),
    '}',
  ];
  return withHeader(lines.join('\n'));
}

export interface WebhookShape {
  /** Schema of the delivered body. */
  event: string;
  /** Schemas its `data.object` can be for this event type. */
  objects: string[];
}

/** event type → the schema of its body and of its `data.object`. */
export function webhookShapes(doc: OpenApiDocument): Map<string, WebhookShape> {
  const out = new Map<string, WebhookShape>();
  const webhooks = (doc.webhooks ?? {}) as Json;
  for (const type of Object.keys(webhooks).sort()) {
    const where = `webhooks.${type}`;
    const operation = (webhooks[type] as Json).post;
    if (!isObject(operation)) throw new Error(`${where}: expected a post operation`);
    const content = (followRefs(doc, operation.requestBody) as Json | undefined)?.content as Json | undefined;
    const media = content?.['application/json'] as Json | undefined;
    if (!media) throw new Error(`${where}: no application/json request body`);
    if (!isObject(media.schema) || typeof media.schema.$ref !== 'string') {
      throw new Error(`${where}: the body schema must be a $ref to a components schema`);
    }
    const event = schemaName(media.schema.$ref);
    const body = followRefs(doc, media.schema) as Json;
    const objectNode = ((((body.properties as Json)?.data as Json)?.properties as Json) ?? {}).object as
      Json | undefined;
    if (!objectNode) throw new Error(`${where}: the body schema has no data.object`);

    if (typeof objectNode.$ref === 'string') {
      out.set(type, { event, objects: [schemaName(objectNode.$ref)] });
      continue;
    }
    const discriminator = objectNode.discriminator as { propertyName: string; mapping?: Record<string, string> };
    if (!Array.isArray(objectNode.oneOf) || !discriminator?.mapping) {
      throw new Error(`${where}: data.object must be a $ref or a oneOf with a discriminator mapping`);
    }
    const examples = Object.values((media.examples as Json | undefined) ?? {}).map(
      (e) => (followRefs(doc, e) as Json).value,
    );
    const names = new Set<string>();
    for (const example of examples) {
      if (!isObject(example) || example.type !== type) {
        throw new Error(`${where}: every example must be an event with type ${JSON.stringify(type)}`);
      }
      const value = ((example.data as Json | undefined)?.object as Json | undefined)?.[discriminator.propertyName];
      const target = typeof value === 'string' ? discriminator.mapping[value] : undefined;
      if (!target) throw new Error(`${where}: an example's data.object.${discriminator.propertyName} is not mapped`);
      names.add(schemaName(target));
    }
    if (names.size === 0) {
      throw new Error(`${where}: data.object is a oneOf and no example says which; narrow the schema or add one`);
    }
    out.set(type, { event, objects: [...names].sort() });
  }
  return out;
}

export function emitWebhookEvents(doc: OpenApiDocument): string {
  const shapes = webhookShapes(doc);
  const schema = (name: string) => `components['schemas'][${quote(name)}]`;
  const lines: string[] = [];
  if (shapes.size > 0) lines.push("import type { components } from './openapi';", '');
  lines.push(
    "/** Per webhook event type (the spec's `webhooks:` section): the delivered body's schema and its `data.object`. */",
    'export interface WebhookEventShapes {',
    ...[...shapes].map(
      ([type, { event, objects }]) =>
        `  ${quote(type)}: { event: ${schema(event)}; object: ${objects.map(schema).join(' | ')} };`,
    ),
    '}',
  );
  return withHeader(lines.join('\n'));
}
