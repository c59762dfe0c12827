/**
 * Semantic comparison of two OpenAPI 3.1 documents, operation by operation: the source
 * (`openapi/dist/openapi.json`) and what `OpenAPIHono#getOpenAPI31Document()` emits from the
 * generated routes. Both sides go through the same normalisation (listed, with reasons, in
 * NORMALISATIONS — the only place where differences are forgiven); the first remaining difference is
 * reported with its operationId, JSON pointer, expected and actual value.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export const NORMALISATIONS: ReadonlyArray<{ rule: string; reason: string }> = [
  {
    rule: '$ref resolved inline (schemas, parameters, responses, headers, examples, request bodies)',
    reason:
      'where a definition lives is not semantics: zod-to-openapi inlines every non-schema component, and registered schemas keep their names anyway',
  },
  {
    rule: '`allOf: [X, { annotations only }]` read as X plus those annotations',
    reason:
      'zod-to-openapi writes a description/example next to a $ref as an allOf wrapper; 3.1 allows them as $ref siblings',
  },
  {
    rule: '`const: v` read as `enum: [v]`',
    reason: 'zod-to-openapi prints z.literal(v) as a one-value enum; identical in JSON Schema',
  },
  {
    rule: '`additionalProperties: {}` and `additionalProperties: true` dropped; `properties: {}` dropped',
    reason: 'both are the JSON Schema default (any extra property allowed / no declared property)',
  },
  { rule: '`required` arrays sorted', reason: 'a set in JSON Schema; zod lists keys in shape order' },
  {
    rule: 'parameters keyed by `in` + `name`, header names lower-cased, `required: false` dropped on parameters and headers',
    reason:
      'parameter order is not semantics; HTTP header names are case-insensitive and Hono validates headers under lower-case names; false is the default',
  },
  {
    rule: 'operation security = its own `security` or else the document-level one',
    reason:
      'an operation without `security` inherits the global requirement; the generated routes carry only explicit ones',
  },
  { rule: 'object keys sorted', reason: 'key order is not semantics in JSON' },
];

export interface Difference {
  operationId: string;
  pointer: string;
  expected: Json | undefined;
  actual: Json | undefined;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'default']);

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const escapeToken = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');

function at(doc: Obj, ref: string): Json {
  let node: Json = doc;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) || !(token in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = node[token] as Json;
  }
  return node;
}

/** Deep copy with every local $ref replaced by its target (siblings win); cycles keep the $ref. */
export function resolveRefs(doc: Obj, node: Json, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(doc, n, seen));
  if (!isObj(node)) return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    const ref = node.$ref;
    if (seen.includes(ref)) return node;
    const { $ref: _ref, ...siblings } = node;
    const target = resolveRefs(doc, at(doc, ref), [...seen, ref]);
    return { ...(isObj(target) ? target : {}), ...(resolveRefs(doc, siblings, seen) as Obj) };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(doc, v, seen)]));
}

/** Schema-level normalisation (applied bottom-up to a resolved schema tree). */
export function normaliseSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(normaliseSchema);
  if (!isObj(node)) return node;
  let out: Obj = Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if (DATA.has(k)) return [k, v];
      // Children of `properties` are schemas whatever their names (a field may be called `example`).
      if (k === 'properties' && isObj(v))
        return [k, Object.fromEntries(Object.entries(v).map(([n, s]) => [n, normaliseSchema(s)]))];
      return [k, normaliseSchema(v)];
    }),
  );
  const allOf = out.allOf;
  if (
    Array.isArray(allOf) &&
    allOf.length === 2 &&
    isObj(allOf[1]) &&
    Object.keys(allOf[1]).every((k) => ANNOTATIONS.has(k))
  ) {
    const { allOf: _allOf, ...rest } = out;
    out = { ...(allOf[0] as Obj), ...(allOf[1] as Obj), ...rest };
  }
  if ('const' in out && !('enum' in out)) {
    const { const: value, ...rest } = out;
    out = { ...rest, enum: [value as Json] };
  }
  if (
    out.additionalProperties === true ||
    (isObj(out.additionalProperties) && Object.keys(out.additionalProperties).length === 0)
  ) {
    delete out.additionalProperties;
  }
  if (isObj(out.properties) && Object.keys(out.properties).length === 0) delete out.properties;
  if (Array.isArray(out.required) && out.required.every((r) => typeof r === 'string'))
    out.required = [...out.required].sort();
  return out;
}

/** Keys whose values are instance data, never schemas. */
const DATA = new Set(['example', 'examples', 'default', 'enum', 'const', 'value', 'x-problem-codes']);

function sortKeys(node: Json): Json {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (!isObj(node)) return node;
  return Object.fromEntries(
    Object.keys(node)
      .sort()
      .map((k) => [k, sortKeys(node[k] as Json)]),
  );
}

function normaliseMediaTypes(content: Json | undefined): Json | undefined {
  if (!isObj(content)) return content;
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => {
      if (!isObj(media)) return [type, media];
      return [type, { ...media, ...(media.schema !== undefined ? { schema: normaliseSchema(media.schema) } : {}) }];
    }),
  );
}

function dropRequiredFalse(node: Obj): Obj {
  const { required, ...rest } = node;
  return required === false ? rest : node;
}

/** One operation, resolved and normalised into a comparable structure. */
function normaliseOperation(doc: Obj, operation: Obj): Obj {
  const op = resolveRefs(doc, operation) as Obj;
  const out: Obj = {};
  for (const [key, value] of Object.entries(op)) {
    if (key === 'parameters' || key === 'requestBody' || key === 'responses') continue;
    out[key] = value;
  }
  out.security = (op.security ?? doc.security ?? null) as Json;
  const parameters: Obj = {};
  for (const p of (op.parameters ?? []) as Obj[]) {
    const name = p.in === 'header' ? String(p.name).toLowerCase() : String(p.name);
    parameters[`${String(p.in)}:${name}`] = dropRequiredFalse({
      ...p,
      name,
      schema: normaliseSchema(p.schema as Json),
    });
  }
  out.parameters = parameters;
  if (isObj(op.requestBody))
    out.requestBody = { ...op.requestBody, content: normaliseMediaTypes(op.requestBody.content) ?? null };
  const responses: Obj = {};
  for (const [status, r] of Object.entries((op.responses ?? {}) as Obj)) {
    if (!isObj(r)) continue;
    const response: Obj = { ...r };
    if (isObj(r.headers)) {
      response.headers = Object.fromEntries(
        Object.entries(r.headers).map(([name, h]) => [
          name.toLowerCase(),
          isObj(h)
            ? dropRequiredFalse({ ...h, ...(h.schema !== undefined ? { schema: normaliseSchema(h.schema) } : {}) })
            : h,
        ]),
      );
    }
    if (r.content !== undefined) response.content = normaliseMediaTypes(r.content) ?? null;
    responses[status] = response;
  }
  out.responses = responses;
  return sortKeys(out) as Obj;
}

/** `METHOD path` → normalised operation, for every operation of the document. */
export function normaliseOperations(document: unknown): Map<string, Obj> {
  const doc = document as Obj;
  const result = new Map<string, Obj>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Obj)) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isObj(operation)) result.set(`${method.toUpperCase()} ${path}`, normaliseOperation(doc, operation));
    }
  }
  return result;
}

function firstDiff(
  expected: Json | undefined,
  actual: Json | undefined,
  pointer: string,
): Omit<Difference, 'operationId'> | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const d = firstDiff(expected[i], actual[i], `${pointer}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObj(expected) && isObj(actual)) {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      const d = firstDiff(expected[key], actual[key], `${pointer}/${escapeToken(key)}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : { pointer, expected, actual };
}

/** The first semantic difference between the source and the emitted document, or undefined. */
export function compareDocuments(expectedDoc: unknown, actualDoc: unknown): Difference | undefined {
  const expected = normaliseOperations(expectedDoc);
  const actual = normaliseOperations(actualDoc);
  for (const key of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
    const [method, path] = key.split(' ') as [string, string];
    const base = `/paths/${escapeToken(path)}/${method.toLowerCase()}`;
    const e = expected.get(key);
    const a = actual.get(key);
    const operationId = String((e ?? a)?.operationId ?? '?');
    if (!e || !a)
      return { operationId, pointer: base, expected: e ? 'operation' : undefined, actual: a ? 'operation' : undefined };
    const d = firstDiff(e, a, base);
    if (d) return { operationId, ...d };
  }
  return undefined;
}

export function formatDifference(d: Difference): string {
  const show = (v: Json | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v));
  return `operation ${d.operationId} differs at ${d.pointer}\n  expected (source): ${show(d.expected)}\n  actual (emitted):  ${show(d.actual)}`;
}
