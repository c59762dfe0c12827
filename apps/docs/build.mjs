// Builds the static API portal from the bundled spec (openapi/dist/openapi.json, written by `pnpm generate`).
// Redoc CE does not render x-codeSamples in a language of its own choosing, so each operation's SDK sample is also
// shown as a code block at the end of its description, in a docs-only copy of the spec.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const spec = JSON.parse(readFileSync(resolve(here, '../../openapi/dist/openapi.json'), 'utf8'));
const out = resolve(here, 'dist/index.html');
const docsSpec = resolve(here, 'dist/openapi.docs.json');
mkdirSync(dirname(out), { recursive: true });

for (const item of Object.values(spec.paths)) {
  for (const operation of Object.values(item)) {
    for (const sample of operation['x-codeSamples'] ?? []) {
      const fence = sample.lang === 'TypeScript' ? 'ts' : '';
      operation.description = `${operation.description ?? ''}\n\n#### ${sample.lang} ${sample.label ?? ''}\n\n\`\`\`${fence}\n${sample.source.trim()}\n\`\`\`\n`;
    }
  }
}
writeFileSync(docsSpec, JSON.stringify(spec));

execFileSync(
  'redocly',
  [
    'build-docs',
    docsSpec,
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
