import { readFileSync } from 'node:fs';
import { bundledSpecPath } from '../../spec';
import type { JSONValue } from 'hono/utils/types';
import type { Handler } from '../handler';

interface OpenApiDocument {
  [key: string]: JSONValue;
  openapi: string;
  info: { [key: string]: JSONValue };
  paths: { [key: string]: JSONValue };
}

let document: OpenApiDocument | undefined;

/** GET /openapi.json — the bundled spec this server was generated from. Unauthenticated. */
export const getOpenApiDocument: Handler<'getOpenApiDocument'> = (c) => {
  document ??= JSON.parse(readFileSync(bundledSpecPath, 'utf8')) as OpenApiDocument;
  return c.json(document, 200);
};
