// The built portal shows every operation and its SDK sample (run after build.mjs; part of `pnpm test`).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const spec = JSON.parse(readFileSync(resolve(here, '../../openapi/dist/openapi.json'), 'utf8'));
const html = readFileSync(resolve(here, 'dist/index.html'), 'utf8');
const missing = [];
for (const item of Object.values(spec.paths)) {
  for (const operation of Object.values(item)) {
    if (!html.includes(operation.summary)) missing.push(`${operation.operationId}: summary`);
    for (const sample of operation['x-codeSamples'] ?? []) {
      const call = /solifyn\.[a-zA-Z.]+\(/.exec(sample.source)?.[0];
      if (call && !html.includes(call)) missing.push(`${operation.operationId}: sample ${call}`);
    }
  }
}
if (missing.length > 0) {
  console.error(`The docs portal lacks:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`docs portal: ${Object.keys(spec.paths).length} paths, every summary and SDK sample present`);
