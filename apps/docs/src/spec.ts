/** The bundled spec (openapi/dist/openapi.json) read into the shapes the portal renders. */
import { readFileSync } from 'node:fs';

export interface Schema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  deprecated?: boolean;
  readOnly?: boolean;
  'x-problem-code-reference'?: Record<string, { status: number; meaning: string; fix: string }>;
}

export interface Example {
  name: string;
  summary: string;
  value: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description: string;
  schema: Schema;
  example?: unknown;
}

export interface ResponseModel {
  status: string;
  description: string;
  headers: { name: string; description: string; schema: Schema }[];
  contentType?: string;
  schema?: Schema;
  examples: Example[];
  /** x-problem-codes: the stable codes this error response can carry. */
  codes: string[];
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface Operation {
  operationId: string;
  /** `operation`: an API call; `webhook`: an event Solifyn sends to the merchant's endpoint. */
  kind: 'operation' | 'webhook';
  method: string;
  /** The URL path template, or the event type for a webhook. */
  path: string;
  tag: string;
  summary: string;
  description: string;
  /** Whether the call needs the secret key. */
  authenticated: boolean;
  parameters: Parameter[];
  requestBody?: { required: boolean; contentType: string; schema: Schema; examples: Example[] };
  responses: ResponseModel[];
  samples: CodeSample[];
}

export interface Tag {
  name: string;
  description: string;
}

type Json = Record<string, any>;

export class Spec {
  readonly doc: Json;
  constructor(doc: Json) {
    this.doc = doc;
  }

  static read(path: string): Spec {
    return new Spec(JSON.parse(readFileSync(path, 'utf8')));
  }

  get info(): { title: string; version: string; description: string } {
    return this.doc.info;
  }

  get servers(): { url: string; description: string }[] {
    return this.doc.servers ?? [];
  }

  get tags(): Tag[] {
    return (this.doc.tags ?? []).map((t: Json) => ({ name: t.name, description: t.description ?? '' }));
  }

  /** A local `$ref` (`#/components/...`) resolved; anything else is returned as is. */
  resolve<T = Json>(node: T): T {
    let current: any = node;
    const seen = new Set<string>();
    while (current && typeof current === 'object' && typeof current.$ref === 'string') {
      const ref: string = current.$ref;
      if (seen.has(ref) || !ref.startsWith('#/')) break;
      seen.add(ref);
      current = ref
        .slice(2)
        .split('/')
        .reduce((at: any, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
      if (current === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return current;
  }

  /** The component name a schema `$ref` points at (`#/components/schemas/Product` → `Product`). */
  static refName(schema: Schema): string | undefined {
    return schema.$ref?.split('/').pop();
  }

  get problemCodes(): string[] {
    return this.doc.components.schemas.ProblemCode.enum;
  }

  get problemCodeReference(): NonNullable<Schema['x-problem-code-reference']> {
    return this.doc.components.schemas.ProblemCode['x-problem-code-reference'] ?? {};
  }

  /** Every operation, in the spec's order of tags then paths, followed by the webhooks. */
  operations(): Operation[] {
    const out: Operation[] = [];
    for (const [path, item] of Object.entries<Json>(this.doc.paths ?? {})) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        out.push(this.operation('operation', method, path, op, item.parameters ?? []));
      }
    }
    for (const [event, item] of Object.entries<Json>(this.doc.webhooks ?? {})) {
      for (const [method, op] of Object.entries<Json>(item)) {
        out.push(this.operation('webhook', method, event, op, []));
      }
    }
    const tagOrder = this.tags.map((t) => t.name);
    return out
      .map((op, index) => ({ op, index }))
      .sort((a, b) => tagOrder.indexOf(a.op.tag) - tagOrder.indexOf(b.op.tag) || a.index - b.index)
      .map(({ op }) => op);
  }

  private operation(kind: Operation['kind'], method: string, path: string, op: Json, shared: Json[]): Operation {
    const security = op.security ?? this.doc.security ?? [];
    const body = op.requestBody ? this.resolve<Json>(op.requestBody) : undefined;
    const bodyType = body ? Object.keys(body.content ?? {})[0] : undefined;
    return {
      operationId: op.operationId,
      kind,
      method: method.toUpperCase(),
      path,
      tag: op.tags?.[0] ?? 'Other',
      summary: op.summary ?? op.operationId,
      description: op.description ?? '',
      authenticated: security.length > 0,
      parameters: [...shared, ...(op.parameters ?? [])].map((p: Json) => {
        const param = this.resolve<Json>(p);
        return {
          name: param.name,
          in: param.in,
          required: param.required === true,
          description: param.description ?? '',
          schema: param.schema ?? {},
          example: param.example ?? param.schema?.example,
        };
      }),
      ...(body && bodyType
        ? {
            requestBody: {
              required: body.required === true,
              contentType: bodyType,
              schema: body.content[bodyType].schema ?? {},
              examples: this.examples(body.content[bodyType]),
            },
          }
        : {}),
      responses: Object.entries<Json>(op.responses ?? {}).map(([status, r]) => {
        const response = this.resolve<Json>(r);
        const contentType = Object.keys(response.content ?? {})[0];
        const media = contentType ? response.content[contentType] : undefined;
        return {
          status,
          description: response.description ?? '',
          headers: Object.entries<Json>(response.headers ?? {}).map(([name, h]) => {
            const header = this.resolve<Json>(h);
            return { name, description: header.description ?? '', schema: header.schema ?? {} };
          }),
          ...(contentType ? { contentType, schema: media.schema ?? {} } : {}),
          examples: media ? this.examples(media) : [],
          codes: response['x-problem-codes'] ?? [],
        };
      }),
      samples: (op['x-codeSamples'] ?? []).map((s: Json) => ({
        lang: s.lang,
        label: s.label ?? s.lang,
        source: String(s.source).trim(),
      })),
    };
  }

  private examples(media: Json): Example[] {
    if (media.examples) {
      return Object.entries<Json>(media.examples).map(([name, e]) => {
        const example = this.resolve<Json>(e);
        return { name, summary: example.summary ?? name, value: example.value };
      });
    }
    return media.example === undefined ? [] : [{ name: 'default', summary: 'Example', value: media.example }];
  }
}
