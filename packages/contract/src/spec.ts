import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bundledSpecPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../../openapi/dist/openapi.json');

export type JsonSchema = Record<string, unknown>;

/** Any spec object may be a local reference instead (`{ $ref: '#/components/…' }`); `Contract.resolve` follows it. */
export interface Referenceable {
  $ref?: string;
}

export interface SpecHeader extends Referenceable {
  required?: boolean;
  schema?: JsonSchema;
}

export interface SpecResponse extends Referenceable {
  description?: string;
  headers?: Record<string, SpecHeader>;
  content?: Record<string, { schema?: JsonSchema }>;
  'x-problem-codes'?: string[];
}

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface SpecOperation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, SpecResponse>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, SpecOperation>>;
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** An operation of the bundled spec, with where it lives (for JSON pointers into the document). */
export interface OperationEntry {
  operationId: string;
  method: (typeof httpMethods)[number];
  path: string;
  pointer: string;
  operation: SpecOperation;
  /** Matches a concrete request path such as `/v1/products/prod_x`. */
  pathPattern: RegExp;
  requiresAuth: boolean;
}

let cached: OpenApiDocument | undefined;

/** The bundled spec, read once per process. */
export function loadSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(bundledSpecPath, 'utf8')) as OpenApiDocument;
  return cached;
}

export function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function pathToPattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export function listOperations(spec: OpenApiDocument = loadSpec()): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      const security = operation.security ?? spec.security ?? [];
      entries.push({
        operationId: operation.operationId,
        method,
        path,
        pointer: `#/paths/${escapePointerToken(path)}/${method}`,
        operation,
        pathPattern: pathToPattern(path),
        requiresAuth: security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0),
      });
    }
  }
  return entries;
}
