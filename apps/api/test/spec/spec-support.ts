/** Shared by the spec tests: the bundled spec and an app serving every generated route. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { routes } from '../../src/generated/routes';

export const BUNDLED_SPEC_PATH = fileURLToPath(new URL('../../../../openapi/dist/openapi.json', import.meta.url));

export type SpecDocument = Record<string, unknown> & {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: Record<string, Record<string, unknown>>;
};

export function loadBundledSpec(): SpecDocument {
  return JSON.parse(readFileSync(BUNDLED_SPEC_PATH, 'utf8')) as SpecDocument;
}

/** An OpenAPIHono app with every generated route registered and a trivial handler. */
export function appFromGeneratedRoutes(): OpenAPIHono {
  const app = new OpenAPIHono();
  for (const route of Object.values(routes)) {
    // The handler is irrelevant here: only the route definitions feed the emitted document.
    app.openapi(route as never, ((c: { body: (b: null) => Response }) => c.body(null)) as never);
  }
  return app;
}

/** The document the app emits, with the source's top-level info so only routes can differ. */
export function emittedDocument(spec: SpecDocument): unknown {
  const { openapi, info, servers, security, tags } = spec as unknown as Parameters<
    OpenAPIHono['getOpenAPI31Document']
  >[0];
  return appFromGeneratedRoutes().getOpenAPI31Document({ openapi, info, servers, security, tags });
}
