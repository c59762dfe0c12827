/** Produces every generated file in memory: relative path → exact file content. */
import { bundleSpec } from './bundle';
import { emitRoutes } from './emit-routes';
import { emitSchemas } from './emit-schemas';
import { emitProblemCodes, emitWebhookEvents } from './emit-sdk-unions';
import { emitTypes } from './emit-types';
import { emitProblemStatuses } from './problem-codes';
import { stableStringify } from './stable-json';

export const SPEC_ENTRY = 'openapi/openapi.yaml';

export const OUTPUT_PATHS = {
  bundle: 'openapi/dist/openapi.json',
  sdkTypes: 'packages/sdk/src/generated/openapi.ts',
  sdkProblemCodes: 'packages/sdk/src/generated/problem-codes.ts',
  sdkWebhookEvents: 'packages/sdk/src/generated/webhook-events.ts',
  schemas: 'apps/api/src/generated/schemas.ts',
  routes: 'apps/api/src/generated/routes.ts',
  problemStatuses: 'apps/api/src/generated/problem-statuses.ts',
} as const;

export async function generateAll(root: string, specEntry: string = SPEC_ENTRY): Promise<Map<string, string>> {
  const doc = bundleSpec(specEntry, root);
  return new Map<string, string>([
    [OUTPUT_PATHS.bundle, stableStringify(doc)],
    [OUTPUT_PATHS.sdkTypes, await emitTypes(doc)],
    [OUTPUT_PATHS.sdkProblemCodes, emitProblemCodes(doc)],
    [OUTPUT_PATHS.sdkWebhookEvents, emitWebhookEvents(doc)],
    [OUTPUT_PATHS.schemas, emitSchemas(doc)],
    [OUTPUT_PATHS.routes, emitRoutes(doc)],
    [OUTPUT_PATHS.problemStatuses, emitProblemStatuses(doc)],
  ]);
}
