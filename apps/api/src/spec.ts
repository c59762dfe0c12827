import { fileURLToPath } from 'node:url';

/** The bundled spec (`pnpm generate` writes it); served at /openapi.json and used by the contract tests. */
export const bundledSpecPath = fileURLToPath(new URL('../../../openapi/dist/openapi.json', import.meta.url));

/** The docs portal (`pnpm --filter @solifyn/docs build` writes it); served under /docs (docs/portal.ts). */
export const docsPortalDir = fileURLToPath(new URL('../../docs/dist/', import.meta.url));
