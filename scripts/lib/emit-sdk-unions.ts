/**
 * Two SDK-only type files derived from the bundled spec:
 *
 * - problem codes by HTTP status, so each SDK error class can narrow `code` to what its status carries. The table
 *   is the `NNN: code, code.` list in the ProblemCode schema's description (it also covers the HTTP-layer codes that
 *   no operation declares), cross-checked against the enum and against every response's `x-problem-codes`; any
 *   disagreement fails generation instead of producing a wrong union.
 * - the `data.object` schema each webhook event type carries, from the spec's `webhooks:` section: the body
 *   schema's `data.object` when it is one schema, else the discriminator values its examples use. A webhook whose
 *   object cannot be told apart this way fails generation (the union would silently widen otherwise).
 */
import type { OpenApiDocument } from './bundle';
import { withHeader } from './header';
import { getAtPointer } from './json-pointer';

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

/** Follows `$ref`s (local pointers only: the document is bundled). */
function deref(doc: OpenApiDocument, node: unknown, seen = new Set<string>()): unknown {
  if (!isObject(node) || typeof node.$ref !== 'string') return node;
  if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
  seen.add(node.$ref);
  return deref(doc, getAtPointer(doc, node.$ref), seen);
}

const schemaName = (ref: string): string => {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`expected a #/components/schemas/… reference, got ${ref}`);
  return match[1]!;
};

/** status → codes, from the ProblemCode description, checked against the enum and every `x-problem-codes`. */
export function problemCodesByStatus(doc: OpenApiDocument): Map<number, Set<string>> {
  const byStatus = new Map<number, Set<string>>();
  const add = (status: number, code: string) => {
    const codes = byStatus.get(status) ?? new Set<string>();
    byStatus.set(status, codes.add(code));
  };

  const declared = new Map<string, Set<number>>(); // code → statuses of the responses that list it
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        const codes = (deref(doc, response) as Json)['x-problem-codes'];
        if (codes === undefined) continue;
        if (!Array.isArray(codes) || !/^[45]\d\d$/.test(status)) {
          throw new Error(`${method.toUpperCase()} ${path} ${status}: x-problem-codes must be a list on a 4xx/5xx`);
        }
        for (const code of codes as string[]) declared.set(code, (declared.get(code) ?? new Set()).add(Number(status)));
      }
    }
  }

  const schema = doc.components?.schemas?.ProblemCode;
  if (!isObject(schema)) {
    for (const [code, statuses] of declared) for (const status of statuses) add(status, code);
    return byStatus;
  }
  const enumeration = new Set((schema.enum as string[] | undefined) ?? []);
  const described = new Map<string, number>();
  for (const [, status, list] of String(schema.description ?? '').matchAll(/\b([45]\d\d): ([a-z0-9_, ]+)\./g)) {
    for (const code of list!.split(',').map((c) => c.trim())) {
      if (described.has(code)) throw new Error(`ProblemCode description lists ${code} twice`);
      described.set(code, Number(status));
    }
  }
  const problems: string[] = [];
  for (const code of enumeration) if (!described.has(code)) problems.push(`${code} has no status in the description`);
  for (const code of described.keys())
    if (!enumeration.has(code)) problems.push(`${code} is described but not in enum`);
  for (const [code, statuses] of declared) {
    if (!enumeration.has(code)) problems.push(`${code} is in x-problem-codes but not in the ProblemCode enum`);
    for (const status of statuses) {
      if (described.has(code) && described.get(code) !== status) {
        problems.push(`${code}: x-problem-codes says ${status}, the ProblemCode description ${described.get(code)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`ProblemCode table disagrees with the spec:\n  ${problems.join('\n  ')}`);
  for (const [code, status] of described) add(status, code);
  return byStatus;
}

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
    const content = (deref(doc, operation.requestBody) as Json | undefined)?.content as Json | undefined;
    const media = content?.['application/json'] as Json | undefined;
    if (!media) throw new Error(`${where}: no application/json request body`);
    if (!isObject(media.schema) || typeof media.schema.$ref !== 'string') {
      throw new Error(`${where}: the body schema must be a $ref to a components schema`);
    }
    const event = schemaName(media.schema.$ref);
    const body = deref(doc, media.schema) as Json;
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
      (e) => (deref(doc, e) as Json).value,
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
