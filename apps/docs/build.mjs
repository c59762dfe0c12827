// Builds the static API portal from the bundled spec (openapi/dist/openapi.json, written by `pnpm generate`).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const spec = resolve(here, '../../openapi/dist/openapi.json');
const out = resolve(here, 'dist/index.html');
mkdirSync(dirname(out), { recursive: true });

execFileSync(
  'redocly',
  [
    'build-docs',
    spec,
    '--output',
    out,
    '--title',
    'Solifyn API reference',
    // Scripts embedded in the page: the portal works offline and is served by the API as one file.
    '--inlineBundle',
    '--openapi.expandResponses=200,201,202',
  ],
  { stdio: 'inherit' },
);
