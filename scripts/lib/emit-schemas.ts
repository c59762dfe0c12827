/** apps/api/src/generated/schemas.ts: one exported zod schema (+ inferred type) per components/schemas entry. */
import type { OpenApiDocument } from './bundle';
import { dependencyOrder } from './component-order';
import { withHeader } from './header';
import { joinPointer } from './json-pointer';
import { emitComponent, type EmitContext } from './zod-emitter';

const SCHEMA_REF = '#/components/schemas/';

export function schemaIdentifier(name: string): string {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error(`components/schemas/${name}: schema names must be PascalCase identifiers`);
  }
  return name;
}

/** Resolves `#/components/schemas/Name` to the identifier exported from schemas.ts, optionally qualified. */
export function schemaRefContext(doc: OpenApiDocument, qualifier = ''): EmitContext {
  const schemas = doc.components?.schemas ?? {};
  return {
    refName(ref) {
      const name = decodeURIComponent(ref.slice(SCHEMA_REF.length));
      if (!(name in schemas)) throw new Error(`$ref ${ref} does not resolve`);
      return qualifier + schemaIdentifier(name);
    },
  };
}

const PRELUDE = `import { z } from "@hono/zod-openapi";
import { fullFormats } from "ajv-formats/dist/formats";

/** JSON Schema \`format: uri\` exactly as Ajv (the contract tests) checks it: RFC 3986, ASCII only. */
export const isUri = fullFormats.uri as (value: string) => boolean;

/** JSON Schema \`uniqueItems\`: no two items are deeply equal (object key order ignored). */
export function hasUniqueItems(items: readonly unknown[]): boolean {
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    );
  return new Set(items.map(canonical)).size === items.length;
}
`;

export function emitSchemas(doc: OpenApiDocument): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const ctx = schemaRefContext(doc);
  const blocks = dependencyOrder(schemas).map((name) => {
    const id = schemaIdentifier(name);
    const expr = emitComponent(name, schemas[name], joinPointer('#/components/schemas', name), ctx);
    return `export const ${id} = ${expr};\nexport type ${id} = z.infer<typeof ${id}>;`;
  });
  return withHeader(`${PRELUDE}\n${blocks.join('\n\n')}`);
}
