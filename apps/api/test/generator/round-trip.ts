/** Test helper: JSON Schema → generated zod source → live zod schema → schema emitted by zod-to-openapi. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { hasUniqueItems, isUri } from '../../src/generated/schemas';
import { emitCore, finish, type JsonSchema } from '../../../../scripts/lib/zod-emitter';
import { normaliseSchema, resolveRefs } from '../spec/document-diff';

/** Evaluates generated zod source (plain JS expressions) with the given component schemas in scope. */
export function evaluate(source: string, components: Record<string, ZodType> = {}): ZodType {
  const names = Object.keys(components);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('z', 'hasUniqueItems', 'isUri', ...names, `return ${source};`)(
    z,
    hasUniqueItems,
    isUri,
    ...names.map((n) => components[n]),
  ) as ZodType;
}

export function toZodSource(schema: JsonSchema, presence: 'standalone' | 'optional' = 'standalone'): string {
  return finish(emitCore(schema, '#', { refName: (ref) => ref.split('/').pop()! }), presence);
}

/** What @hono/zod-openapi emits for `zod` as a response body schema, $refs resolved. */
export function emitted(zod: ZodType): unknown {
  const app = new OpenAPIHono();
  const route = createRoute({
    method: 'get',
    path: '/t',
    responses: { 200: { description: 'ok', content: { 'application/json': { schema: zod as never } } } },
  });
  app.openapi(route, ((c: { body: (b: null) => Response }) => c.body(null)) as never);
  const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } }) as never as {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
    >;
  };
  const schema = doc.paths['/t']!.get!.responses['200']!.content['application/json']!.schema;
  return resolveRefs(doc as never, schema as never);
}

/** The source schema and the emitted one, both normalised like the emitted-document test does. */
export function roundTrip(schema: JsonSchema, components: Record<string, ZodType> = {}) {
  const zod = evaluate(toZodSource(schema), components);
  return { zod, source: normaliseSchema(schema as never), back: normaliseSchema(emitted(zod) as never) };
}
