/**
 * `pnpm spec:diff` (part of `pnpm test`): compares the bundled spec with the latest release in openapi/releases/,
 * lists every change by class (breaking, needs-attention, non-breaking) and fails when the release gate does.
 * Usage: tsx scripts/spec-diff.ts [--spec <bundle.json>] [--releases <dir>] [--changelog <CHANGELOG.md>]
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OUTPUT_PATHS } from './lib/generate-all';
import { evaluateGate } from './lib/release/gate';
import { latestRelease, RELEASES_DIR } from './lib/release/releases';
import { formatChange, type Severity, type SpecDocument } from './lib/spec-diff/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { spec: { type: 'string' }, releases: { type: 'string' }, changelog: { type: 'string' } },
});
const specPath = resolve(values.spec ?? resolve(root, OUTPUT_PATHS.bundle));
const releasesDir = resolve(values.releases ?? resolve(root, RELEASES_DIR));
const changelogPath = resolve(values.changelog ?? resolve(root, 'CHANGELOG.md'));
const show = (path: string) => relative(process.cwd(), path) || path;

const current = JSON.parse(readFileSync(specPath, 'utf8')) as SpecDocument;
const release = latestRelease(releasesDir);
const report = evaluateGate(current, release, readFileSync(changelogPath, 'utf8'));

console.log(
  `spec:diff ${show(specPath)} (info.version ${report.currentVersion}) against release ${release.version} (${show(release.path)})`,
);
if (!report.specChanged) console.log(`no changes since release ${release.version}`);
else if (report.changes.length === 0) console.log('text-only changes (descriptions, examples): a patch release');
const groups: [Severity, string][] = [
  ['breaking', 'breaking — existing clients fail'],
  ['needs-attention', 'needs attention — clients keep working, but may mishandle it'],
  ['non-breaking', 'non-breaking'],
];
for (const [severity, title] of groups) {
  const changes = report.changes.filter((c) => c.severity === severity);
  if (changes.length === 0) continue;
  console.log(`\n${title} (${changes.length}):`);
  for (const change of changes) console.log(`  ${formatChange(change)}`);
}
if (report.level) console.log(`\nnext API version needs at least a ${report.level} release`);
if (report.errors.length > 0) {
  console.error(`\nspec:diff failed:`);
  for (const error of report.errors) console.error(`✗ ${error}`);
  process.exit(1);
}
console.log('spec:diff passed');
