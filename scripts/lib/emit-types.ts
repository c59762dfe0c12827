/** TypeScript types for the whole document, via openapi-typescript 7's node API. */
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenApiDocument } from './bundle';
import { withHeader } from './header';

export async function emitTypes(doc: OpenApiDocument): Promise<string> {
  // openapi-typescript mutates nothing we keep, but pass a copy to be safe.
  // defaultNonNullable off: a request field with a default (quantity, pricingType) stays optional for callers.
  const ast = await openapiTS(structuredClone(doc) as never, { silent: true, defaultNonNullable: false });
  return withHeader(astToString(ast));
}
