/**
 * apps/api/src/generated/routes.ts: one `createRoute({...})` per operation, exported under its
 * operationId, plus `routes` (all of them) and `OperationId`.
 *
 * Non-schema components (parameters, request bodies, responses, headers, examples) are inlined;
 * schemas stay references to the zod schemas of schemas.ts, so the emitted document `$ref`s them.
 */
import type { OpenApiDocument } from './bundle';
import { referencedSchemas } from './component-order';
import { withHeader } from './header';
import { getAtPointer, joinPointer } from './json-pointer';
import { schemaRefContext } from './emit-schemas';
import { code, indent, printLiteral, propertyKey } from './ts-literal';
import { emitCore, finish, UnsupportedSchemaError, type EmitContext } from './zod-emitter';

type Obj = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const OPERATION_KEYS = [
  'operationId',
  'tags',
  'summary',
  'description',
  'parameters',
  'requestBody',
  'responses',
  'security',
  'deprecated',
];
const PARAMETER_KEYS = ['name', 'in', 'required', 'description', 'schema', 'example', 'examples', 'deprecated'];
const MEDIA_TYPE_KEYS = ['schema', 'example', 'examples'];
const RESPONSE_KEYS = ['description', 'headers', 'content'];
const HEADER_KEYS = ['description', 'required', 'schema', 'example', 'examples', 'deprecated'];
const BODY_KEYS = ['description', 'required', 'content'];

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkKeys(node: Obj, allowed: string[], pointer: string, what: string): void {
  for (const key of Object.keys(node)) {
    if (!key.startsWith('x-') && !allowed.includes(key)) {
      throw new UnsupportedSchemaError(joinPointer(pointer, key), `"${key}" is not supported on ${what}`);
    }
  }
}

/** Follows `$ref`s to non-schema components; returns the target and the pointer it lives at. */
function deref(doc: OpenApiDocument, node: unknown, pointer: string): { node: Obj; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20 || !current.$ref.startsWith('#/')) throw new Error(`${at}: cannot resolve $ref ${current.$ref}`);
    at = current.$ref;
    current = getAtPointer(doc, current.$ref);
  }
  if (!isObject(current)) throw new Error(`${at}: expected an object`);
  return { node: current, pointer: at };
}

/** Deep copy with every non-schema `$ref` (examples, …) replaced by its target. */
function inlineRefs(doc: OpenApiDocument, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(doc, n));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') return inlineRefs(doc, deref(doc, node, '').node);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineRefs(doc, v)]));
}

function extensions(node: Obj): Obj {
  return Object.fromEntries(Object.entries(node).filter(([k]) => k.startsWith('x-')));
}

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
  operation: Obj;
  parameters: Array<{ node: Obj; pointer: string }>;
}

/** Every operation of the document, in document order, with path-level parameters merged in. */
export function listOperations(doc: OpenApiDocument): OperationInfo[] {
  const result: OperationInfo[] = [];
  const seen = new Set<string>();
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = joinPointer('#/paths', path);
    const item = deref(doc, rawItem, itemPointer).node;
    checkKeys(item, [...METHODS, 'parameters', 'summary', 'description'], itemPointer, 'a path item');
    for (const method of METHODS) {
      if (!isObject(item[method])) continue;
      const pointer = joinPointer(itemPointer, method);
      const operation = item[method] as Obj;
      checkKeys(operation, OPERATION_KEYS, pointer, 'an operation');
      const operationId = operation.operationId;
      if (typeof operationId !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(operationId)) {
        throw new Error(`${pointer}: operationId must be a camelCase identifier (got ${JSON.stringify(operationId)})`);
      }
      if (seen.has(operationId)) throw new Error(`${pointer}: duplicate operationId ${operationId}`);
      seen.add(operationId);
      const byKey = new Map<string, { node: Obj; pointer: string }>();
      const collect = (list: unknown, at: string) => {
        if (list === undefined) return;
        if (!Array.isArray(list)) throw new Error(`${at}: parameters must be an array`);
        list.forEach((p, i) => {
          const resolved = deref(doc, p, joinPointer(at, i));
          byKey.set(`${String(resolved.node.in)}:${String(resolved.node.name)}`, resolved);
        });
      };
      collect(item.parameters, joinPointer(itemPointer, 'parameters'));
      collect(operation.parameters, joinPointer(pointer, 'parameters'));
      result.push({ operationId, method, path, pointer, operation, parameters: [...byKey.values()] });
    }
  }
  return result;
}

const COERCE: Record<string, string> = {
  integer: 'fromString.number',
  number: 'fromString.number',
  boolean: 'fromString.boolean',
};
const LOCATIONS: Record<string, string> = { path: 'params', query: 'query', header: 'headers' };

function emitParameters(doc: OpenApiDocument, info: OperationInfo, ctx: EmitContext): Obj {
  const groups: Record<string, string[]> = {};
  for (const { node, pointer } of info.parameters) {
    checkKeys(node, PARAMETER_KEYS, pointer, 'a parameter');
    const location = LOCATIONS[String(node.in)];
    if (!location)
      throw new UnsupportedSchemaError(
        joinPointer(pointer, 'in'),
        `parameters in "${String(node.in)}" are not supported`,
      );
    if (typeof node.name !== 'string') throw new Error(`${pointer}: parameter without a name`);
    if (node.in === 'path' && node.required !== true) throw new Error(`${pointer}: path parameters must be required`);
    const core = emitCore(node.schema, joinPointer(pointer, 'schema'), ctx);
    if (core.jsonType && COERCE[core.jsonType]) core.expr = `z.preprocess(${COERCE[core.jsonType]}, ${core.expr})`;
    else if (core.jsonType && !['string'].includes(core.jsonType)) {
      throw new UnsupportedSchemaError(
        joinPointer(pointer, 'schema'),
        `parameters of type "${core.jsonType}" are not supported`,
      );
    }
    const param: Obj = { ...extensions(node) };
    for (const k of ['description', 'example', 'examples', 'deprecated'])
      if (node[k] !== undefined) param[k] = inlineRefs(doc, node[k]);
    // Hono hands header values to validators under lower-case names (HTTP header names are case-insensitive).
    const key = node.in === 'header' ? node.name.toLowerCase() : node.name;
    const expr = finish(
      core,
      node.required === true ? 'required' : 'optional',
      Object.keys(param).length ? { param } : {},
    );
    (groups[location] ??= []).push(`${propertyKey(key)}: ${expr},`);
  }
  return Object.fromEntries(
    Object.entries(groups).map(([location, lines]) => [location, code(`z.object({\n${indent(lines.join('\n'))}\n})`)]),
  );
}

function emitContent(doc: OpenApiDocument, content: unknown, pointer: string, ctx: EmitContext): Obj {
  if (!isObject(content)) throw new Error(`${pointer}: content must be an object`);
  const out: Obj = {};
  for (const [mediaType, raw] of Object.entries(content)) {
    const at = joinPointer(pointer, mediaType);
    if (!isObject(raw)) throw new Error(`${at}: media type object expected`);
    checkKeys(raw, MEDIA_TYPE_KEYS, at, 'a media type');
    const entry: Obj = {};
    if (raw.schema !== undefined)
      entry.schema = code(finish(emitCore(raw.schema, joinPointer(at, 'schema'), ctx), 'standalone'));
    if (raw.example !== undefined) entry.example = raw.example;
    if (raw.examples !== undefined) entry.examples = inlineRefs(doc, raw.examples);
    Object.assign(entry, extensions(raw));
    out[mediaType] = entry;
  }
  return out;
}

function emitResponses(doc: OpenApiDocument, info: OperationInfo, ctx: EmitContext): Obj {
  const responses = info.operation.responses;
  const at = joinPointer(info.pointer, 'responses');
  if (!isObject(responses) || Object.keys(responses).length === 0) throw new Error(`${at}: responses are required`);
  const out: Obj = {};
  for (const [status, raw] of Object.entries(responses)) {
    if (!/^[1-5]\d\d$/.test(status))
      throw new UnsupportedSchemaError(joinPointer(at, status), 'only numeric status codes are supported');
    const { node, pointer } = deref(doc, raw, joinPointer(at, status));
    checkKeys(node, RESPONSE_KEYS, pointer, 'a response');
    const response: Obj = { description: node.description };
    if (node.headers !== undefined) {
      const headers: Obj = {};
      for (const [name, h] of Object.entries(node.headers as Obj)) {
        const header = deref(doc, h, joinPointer(pointer, 'headers', name));
        checkKeys(header.node, HEADER_KEYS, header.pointer, 'a header');
        if (referencedSchemas(header.node).size > 0) {
          throw new UnsupportedSchemaError(header.pointer, 'header schemas must be inline (no $ref)');
        }
        headers[name] = inlineRefs(doc, header.node);
      }
      response.headers = headers;
    }
    if (node.content !== undefined)
      response.content = emitContent(doc, node.content, joinPointer(pointer, 'content'), ctx);
    Object.assign(response, extensions(node));
    out[status] = response;
  }
  return out;
}

function emitRoute(doc: OpenApiDocument, info: OperationInfo, ctx: EmitContext): string {
  const op = info.operation;
  const request: Obj = emitParameters(doc, info, ctx);
  if (op.requestBody !== undefined) {
    const { node, pointer } = deref(doc, op.requestBody, joinPointer(info.pointer, 'requestBody'));
    checkKeys(node, BODY_KEYS, pointer, 'a request body');
    request.body = {
      description: node.description,
      required: node.required,
      content: emitContent(doc, node.content, joinPointer(pointer, 'content'), ctx),
      ...extensions(node),
    };
  }
  const route: Obj = {
    method: info.method,
    path: info.path,
    operationId: info.operationId,
    tags: op.tags,
    summary: op.summary,
    description: op.description,
    deprecated: op.deprecated,
    security: op.security,
    request: Object.keys(request).length > 0 ? request : undefined,
    responses: emitResponses(doc, info, ctx),
    ...extensions(op),
  };
  return `export const ${info.operationId} = createRoute(${printLiteral(route)});`;
}

const PRELUDE = `/** Query, path and header values arrive as strings: turn "12" / "true" into 12 / true before validation. */
const fromString = {
  number: (value: unknown): unknown => (typeof value === "string" && /^-?\\d+(\\.\\d+)?$/.test(value) ? Number(value) : value),
  boolean: (value: unknown): unknown => (value === "true" ? true : value === "false" ? false : value),
};`;

export function emitRoutes(doc: OpenApiDocument): string {
  const operations = listOperations(doc);
  const used = new Set<string>();
  const resolve = schemaRefContext(doc);
  const ctx: EmitContext = {
    refName(ref) {
      const name = resolve.refName(ref);
      used.add(name);
      return name;
    },
  };
  const blocks = operations.map((info) => emitRoute(doc, info, ctx));
  const body = blocks.join('\n\n');
  const schemaNames = [...used];
  if (body.includes('hasUniqueItems')) schemaNames.push('hasUniqueItems');
  if (body.includes('isUri')) schemaNames.push('isUri');
  const imports = [`import { createRoute, z } from "@hono/zod-openapi";`];
  if (schemaNames.length > 0)
    imports.push(
      `import {\n${indent(
        schemaNames
          .sort()
          .map((n) => `${n},`)
          .join('\n'),
      )}\n} from "./schemas";`,
    );
  const prelude = body.includes('fromString.') ? `\n${PRELUDE}\n` : '';
  const ids = operations.map((o) => o.operationId);
  const index = `export const routes = {\n${indent(ids.map((id) => `${id},`).join('\n'))}\n} as const;\n\nexport type OperationId = keyof typeof routes;`;
  return withHeader(`${imports.join('\n')}\n${prelude}\n${body}\n\n${index}`);
}
