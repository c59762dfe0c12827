import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  escapePointerToken,
  listOperations,
  loadSpec,
  type OpenApiDocument,
  type OperationEntry,
  type SpecResponse,
} from './spec';

/** What a test observed: enough of a `Response` to check it, with the body already parsed. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface Violation {
  operationId: string;
  status: number;
  /** JSON pointer into the response (`/body/...`, `/header/...`) where the first problem is. */
  pointer: string;
  message: string;
}

export function formatViolation(v: Violation): string {
  return `${v.operationId} → ${v.status}: ${v.pointer || '/'} ${v.message}`;
}

const specId = 'solifyn-openapi.json';

function formatAjvError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `has unexpected property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'required') return `is missing required property "${String(params.missingProperty)}"`;
  return error.message ?? error.keyword;
}

/**
 * Validators for every operation of the bundled spec, compiled lazily with Ajv (JSON Schema 2020-12, formats on).
 * One per process is enough: use `contract()`.
 */
export class Contract {
  readonly spec: OpenApiDocument;
  readonly operations: OperationEntry[];
  private readonly byId = new Map<string, OperationEntry>();
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: OpenApiDocument = loadSpec()) {
    this.spec = spec;
    this.operations = listOperations(spec);
    for (const entry of this.operations) this.byId.set(entry.operationId, entry);
    // The discriminator keyword is left to plain oneOf: Ajv's implementation rejects `mapping`, and our variants are
    // exclusive anyway (each has its own `object` const and no additional properties).
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, discriminator: false });
    addFormats(this.ajv);
    this.ajv.addSchema(spec as object, specId);
  }

  operation(operationId: string): OperationEntry {
    const entry = this.byId.get(operationId);
    if (!entry) throw new Error(`Unknown operationId "${operationId}": not in openapi/dist/openapi.json`);
    return entry;
  }

  /** The operation a request would be routed to, if the spec has one. */
  match(method: string, pathname: string): OperationEntry | undefined {
    const lower = method.toLowerCase();
    const candidates = this.operations.filter((e) => e.method === lower && e.pathPattern.test(pathname));
    // A literal segment beats a template (`/v1/checkout/create` vs `/v1/checkout/{checkoutId}`).
    return candidates.sort((a, b) => countTemplates(a.path) - countTemplates(b.path))[0];
  }

  private validatorAt(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${specId}${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /** First schema violation of `value` against the schema at `pointer` (a `#/…` pointer into the spec), or undefined. */
  validateAt(pointer: string, value: unknown): { instancePath: string; message: string } | undefined {
    const validate = this.validatorAt(pointer);
    if (validate(value)) return undefined;
    const error = validate.errors?.[0];
    return error
      ? { instancePath: error.instancePath, message: formatAjvError(error) }
      : { instancePath: '', message: 'invalid' };
  }

  /** Follows a local `$ref` (`#/components/…`) to its target and the target's pointer. */
  resolve<T>(node: T, pointer: string): { node: T; pointer: string } {
    let current: unknown = node;
    let at = pointer;
    for (let hops = 0; hops < 10; hops++) {
      const ref = (current as { $ref?: unknown } | null)?.$ref;
      if (typeof ref !== 'string') break;
      if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported: ${ref}`);
      current = ref
        .slice(2)
        .split('/')
        .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<unknown>((value, token) => (value as Record<string, unknown> | undefined)?.[token], this.spec);
      if (current === undefined) throw new Error(`Dangling $ref ${ref} at ${at}`);
      at = ref;
    }
    return { node: current as T, pointer: at };
  }

  documentedResponse(operationId: string, status: number): { pointer: string; response: SpecResponse } | undefined {
    const entry = this.operation(operationId);
    const { responses } = entry.operation;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
    if (!key) return undefined;
    const resolved = this.resolve(responses[key] as SpecResponse, `${entry.pointer}/responses/${key}`);
    return { pointer: resolved.pointer, response: resolved.node };
  }

  /** Checks status, content type, documented headers, body schema and problem code. Returns the first violation. */
  checkResponse(operationId: string, observed: ObservedResponse): Violation | undefined {
    const entry = this.operation(operationId);
    const fail = (pointer: string, message: string): Violation => ({
      operationId,
      status: observed.status,
      pointer,
      message,
    });
    const documented = this.documentedResponse(operationId, observed.status);
    if (!documented) {
      const known = Object.keys(entry.operation.responses).join(', ');
      return fail('', `status ${observed.status} is not documented (documented: ${known})`);
    }
    const { pointer: responsePointer, response } = documented;

    for (const [name, rawHeader] of Object.entries(response.headers ?? {})) {
      const { node: header, pointer: headerAt } = this.resolve(
        rawHeader,
        `${responsePointer}/headers/${escapePointerToken(name)}`,
      );
      const value = observed.headers.get(name);
      if (value === null) {
        if (header.required) return fail(`/header/${name.toLowerCase()}`, `documented header "${name}" is missing`);
        continue;
      }
      if (header.schema) {
        const headerPointer = `${headerAt}/schema`;
        const typed = header.schema.type === 'integer' || header.schema.type === 'number' ? Number(value) : value;
        const problem = this.validateAt(headerPointer, typed);
        if (problem) return fail(`/header/${name.toLowerCase()}`, `"${value}" ${problem.message}`);
      }
    }

    const contentTypes = Object.keys(response.content ?? {});
    const observedType = observed.headers.get('content-type')?.split(';')[0]?.trim() ?? null;
    if (contentTypes.length === 0) {
      if (observed.body !== undefined && observed.body !== null && observed.body !== '') {
        return fail('/body', 'has a body but the spec documents none');
      }
      return undefined;
    }
    if (!observedType || !contentTypes.includes(observedType)) {
      return fail('/header/content-type', `"${observedType}" is not one of ${contentTypes.join(', ')}`);
    }
    const media = response.content?.[observedType];
    if (media?.schema) {
      const schemaPointer = `${responsePointer}/content/${escapePointerToken(observedType)}/schema`;
      const problem = this.validateAt(schemaPointer, observed.body);
      if (problem) return fail(`/body${problem.instancePath}`, problem.message);
    }
    const codes = response['x-problem-codes'];
    const code = (observed.body as { code?: unknown } | null)?.code;
    if (codes && typeof code === 'string' && !codes.includes(code)) {
      return fail(
        '/body/code',
        `"${code}" is not a documented code for this response (documented: ${codes.join(', ')})`,
      );
    }
    return undefined;
  }
}

function countTemplates(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}

let shared: Contract | undefined;

/** The process-wide contract for the bundled spec. */
export function contract(): Contract {
  shared ??= new Contract();
  return shared;
}
