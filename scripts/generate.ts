/**
 * `pnpm generate`: openapi/ → openapi/dist/openapi.json, the SDK types and problem-code unions, the API's zod schemas,
 * routes and problem code → status table.
 * Usage: tsx scripts/generate.ts [--spec <entry.yaml>] [--out <dir>]   (defaults: openapi/openapi.yaml, repo root)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateAll, SPEC_ENTRY } from './lib/generate-all';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string' } } });
const outRoot = resolve(values.out ?? root);

const files = await generateAll(root, values.spec ?? SPEC_ENTRY);
for (const [path, content] of files) {
  const target = join(outRoot, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`generated ${path}`);
}
