/**
 * `pnpm check:generated` (CI): regenerates in memory and fails listing every generated file that
 * differs from the one on disk (missing files count as different).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAll } from './lib/generate-all';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = await generateAll(root);
const stale = [...files].filter(([path, content]) => {
  const target = join(root, path);
  return !existsSync(target) || readFileSync(target, 'utf8') !== content;
});
if (stale.length > 0) {
  console.error('Generated files are out of date with openapi/ — run `pnpm generate` and commit:');
  for (const [path] of stale) console.error(`  ${path}${existsSync(join(root, path)) ? '' : ' (missing)'}`);
  process.exit(1);
}
console.log(`generated files are up to date (${files.size} checked)`);
