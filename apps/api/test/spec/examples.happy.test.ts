/**
 * Every example in the bundled spec is accepted by the generated zod schema of its place:
 * component schemas and their nested properties/items, parameters, request bodies and responses.
 * (Response header examples are not covered: headers are plain header objects, not zod.)
 */
import type { ZodType } from 'zod';
import { describe, expect, it } from 'vitest';
import * as schemas from '../../src/generated/schemas';
import { routes } from '../../src/generated/routes';
import { loadBundledSpec } from './spec-support';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const spec = loadBundledSpec();

function deref(node: unknown): unknown {
  let current = node;
  while (isObj(current) && typeof current.$ref === 'string') {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, t) => (n as Obj)[t], spec);
  }
  return current;
}

/** The example values of a schema, parameter or media type: `example` and `examples` (array or named map). */
function examplesOf(node: Obj): Array<{ name: string; value: unknown }> {
  const found: Array<{ name: string; value: unknown }> = [];
  if ('example' in node) found.push({ name: 'example', value: node.example });
  if (Array.isArray(node.examples)) node.examples.forEach((value, i) => found.push({ name: `examples/${i}`, value }));
  else if (isObj(node.examples)) {
    for (const [name, ex] of Object.entries(node.examples))
      found.push({ name: `examples/${name}`, value: (deref(ex) as Obj).value });
  }
  return found;
}

/** The zod schema inside a generated schema, following JSON Schema keywords (optional/nullable/default unwrapped on the way). */
function zodAt(schema: ZodType, path: string[]): ZodType {
  let current = schema;
  for (let i = 0; i < path.length; i++) {
    let inner = current as unknown as { def: Obj; shape?: Obj };
    while (['optional', 'nullable', 'default', 'pipe', 'readonly'].includes(String(inner.def.type))) {
      inner = (inner.def.innerType ?? inner.def.out) as typeof inner;
    }
    const keyword = path[i];
    if (keyword === 'properties') current = (inner.def.shape as Obj)[path[++i]!] as ZodType;
    else if (keyword === 'items') current = inner.def.element as ZodType;
    else if (keyword === 'additionalProperties') current = (inner.def.valueType ?? inner.def.catchall) as ZodType;
    else throw new Error(`cannot follow ${keyword}`);
    if (!current) throw new Error(`no zod schema at ${path.join('/')}`);
  }
  return current;
}

interface Case {
  place: string;
  schema: ZodType;
  value: unknown;
}
const cases: Case[] = [];

/** Schema examples inside a component, stopping at $refs (the target is a component of its own). */
function collectSchemaExamples(node: unknown, root: ZodType, place: string, path: string[]): void {
  if (!isObj(node) || '$ref' in node) return;
  for (const { name, value } of examplesOf(node))
    cases.push({ place: `${place}/${name}`, schema: zodAt(root, path), value });
  if (isObj(node.properties)) {
    for (const [key, child] of Object.entries(node.properties))
      collectSchemaExamples(child, root, `${place}/properties/${key}`, [...path, 'properties', key]);
  }
  if (isObj(node.items)) collectSchemaExamples(node.items, root, `${place}/items`, [...path, 'items']);
  if (isObj(node.additionalProperties)) {
    collectSchemaExamples(node.additionalProperties, root, `${place}/additionalProperties`, [
      ...path,
      'additionalProperties',
    ]);
  }
}

for (const [name, node] of Object.entries(spec.components?.schemas ?? {})) {
  const zod = (schemas as Record<string, unknown>)[name] as ZodType;
  collectSchemaExamples(node, zod, `#/components/schemas/${name}`, []);
}

type Route = {
  request?: {
    params?: { shape: Obj };
    query?: { shape: Obj };
    headers?: { shape: Obj };
    body?: { content: Record<string, { schema: ZodType }> };
  };
  responses: Record<string, { content?: Record<string, { schema: ZodType }> }>;
};
const LOCATION = { path: 'params', query: 'query', header: 'headers' } as const;

for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const operationId = op.operationId as string;
    const route = (routes as unknown as Record<string, Route>)[operationId];
    if (!route) throw new Error(`no generated route for ${operationId}`);
    const at = `${method.toUpperCase()} ${path} (${operationId})`;
    for (const raw of (op.parameters ?? []) as unknown[]) {
      const p = deref(raw) as Obj;
      const location = LOCATION[p.in as keyof typeof LOCATION];
      const key = p.in === 'header' ? String(p.name).toLowerCase() : String(p.name);
      const zod = route.request?.[location]?.shape[key] as ZodType;
      for (const { name, value } of [...examplesOf(p), ...examplesOf(p.schema as Obj)]) {
        cases.push({ place: `${at} parameter ${String(p.in)} ${String(p.name)} ${name}`, schema: zod, value });
      }
    }
    const body = deref(op.requestBody) as Obj | undefined;
    for (const [type, media] of Object.entries((body?.content ?? {}) as Record<string, Obj>)) {
      for (const { name, value } of examplesOf(media)) {
        cases.push({
          place: `${at} requestBody ${type} ${name}`,
          schema: route.request!.body!.content[type]!.schema,
          value,
        });
      }
    }
    for (const [status, raw] of Object.entries(op.responses as Obj)) {
      const response = deref(raw) as Obj;
      for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Obj>)) {
        for (const { name, value } of examplesOf(media)) {
          cases.push({
            place: `${at} ${status} ${type} ${name}`,
            schema: route.responses[status]!.content![type]!.schema,
            value,
          });
        }
      }
    }
  }
}

describe('spec examples (happy): each is accepted by the generated zod schema of its place', () => {
  it('finds examples in schemas, parameters, request bodies and responses', () => {
    expect(cases.some((c) => c.place.startsWith('#/components/schemas/'))).toBe(true);
    expect(cases.some((c) => c.place.includes(' parameter '))).toBe(true);
    expect(cases.some((c) => c.place.includes(' requestBody '))).toBe(true);
    expect(cases.some((c) => / \d{3} /.test(c.place))).toBe(true);
  });

  it.each(cases.map((c) => [c.place, c] as const))('%s', (_place, { schema, value }) => {
    const result = schema.safeParse(value);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});
