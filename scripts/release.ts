/**
 * `pnpm release [--dry-run] [--date YYYY-MM-DD]`: the next API and SDK versions from what changed since the latest
 * release, and the release notes.
 * - `--dry-run` prints them (for the repository's spec and CHANGELOG.md, or `--spec <bundle.json>` and
 *   `--changelog <file>` to preview another), packs the SDK as it would be published (with the next version, from a copy) and runs
 *   publint and attw on the tarball; it writes nothing in the work tree and publishes nothing.
 * - Without it (on a clean work tree) it writes the release: info.version in openapi/openapi.yaml and the
 *   regenerated files, openapi/releases/<version>.json, the SDK version (packages/sdk/package.json, its one source) and
 *   CHANGELOG.md; then prints the commit, tags and publish commands to run after review. It publishes nothing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateAll, OUTPUT_PATHS, SPEC_ENTRY } from './lib/generate-all';
import { releaseChangelog } from './lib/release/changelog';
import { packAndCheckSdk } from './lib/release/pack';
import { planRelease } from './lib/release/plan';
import { latestRelease, RELEASES_DIR } from './lib/release/releases';
import { setPackageVersion, setSpecVersion } from './lib/release/version-files';
import type { SpecDocument } from './lib/spec-diff/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean' },
    date: { type: 'string' },
    spec: { type: 'string' },
    changelog: { type: 'string' },
  },
});
const dryRun = values['dry-run'] === true;
const date = values.date ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date must be YYYY-MM-DD, got ${date}`);

const SDK_DIR = join(root, 'packages/sdk');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

// The release is cut from the spec in openapi/, so the committed bundle must be what it generates.
const generated = await generateAll(root);
const stale = [...generated].filter(([path, content]) => {
  try {
    return read(path) !== content;
  } catch {
    return true;
  }
});
if (stale.length > 0)
  fail(`generated files are out of date (${stale.map(([p]) => p).join(', ')}): run \`pnpm generate\``);

const sdkVersion = (JSON.parse(read('packages/sdk/package.json')) as { version: string }).version;
const changelog = values.changelog ? readFileSync(resolve(values.changelog), 'utf8') : read('CHANGELOG.md');
let plan;
try {
  plan = planRelease({
    current: JSON.parse(
      values.spec ? readFileSync(resolve(values.spec), 'utf8') : read(OUTPUT_PATHS.bundle),
    ) as SpecDocument,
    release: latestRelease(join(root, RELEASES_DIR)),
    changelog,
    sdkVersion,
    date,
  });
} catch (error) {
  fail((error as Error).message);
}

const step = (name: string, s: typeof plan.api) =>
  `${name.padEnd(14)} ${s.from} → ${s.to ?? `${s.from} (unchanged)`}${s.level ? ` (${s.level})` : ''}`;
console.log(`${dryRun ? 'release --dry-run' : 'release'}: latest release ${plan.api.from}, ${date}\n`);
console.log(step('API', plan.api));
console.log(step('SDK (solifyn)', plan.sdk));
console.log(
  plan.notes
    ? `\nCHANGELOG.md section:\n\n${plan.notes}`
    : '\nNothing to release: neither the spec nor the SDK notes changed.',
);

if (dryRun) {
  const workDir = mkdtempSync(join(tmpdir(), 'solifyn-release-'));
  try {
    const version = plan.sdk.to ?? plan.sdk.from;
    const pack = packAndCheckSdk(SDK_DIR, version, workDir);
    console.log(`\npacked solifyn@${version}: ${pack.files.length} files, ${pack.size} bytes`);
    for (const file of pack.files) console.log(`  ${file}`);
    for (const check of pack.checks) {
      console.log(`\n${check.name}: ${check.ok ? 'ok' : 'FAILED'}\n${check.output}`);
    }
    if (pack.checks.some((c) => !c.ok)) fail('the SDK tarball fails its checks');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log('\ndry run: nothing written, nothing published.');
  process.exit(0);
}

if (!plan.notes) process.exit(0);
const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim();
if (dirty !== '') fail(`the work tree has uncommitted changes; commit or stash them first:\n${dirty}`);

const written: string[] = [];
const write = (path: string, content: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  written.push(path);
};
if (plan.api.to) {
  write(SPEC_ENTRY, setSpecVersion(read(SPEC_ENTRY), plan.api.to));
  for (const [path, content] of await generateAll(root)) {
    if (read(path) !== content) write(path, content);
  }
  copyFileSync(join(root, OUTPUT_PATHS.bundle), join(root, RELEASES_DIR, `${plan.api.to}.json`));
  written.push(`${RELEASES_DIR}/${plan.api.to}.json`);
}
if (plan.sdk.to) {
  write('packages/sdk/package.json', setPackageVersion(read('packages/sdk/package.json'), plan.sdk.to));
}
write('CHANGELOG.md', releaseChangelog(changelog, plan.notes));

const tags = [...(plan.api.to ? [`api-v${plan.api.to}`] : []), ...(plan.sdk.to ? [`solifyn@${plan.sdk.to}`] : [])];
console.log(`\nwritten:\n${[...new Set(written)].map((p) => `  ${p}`).join('\n')}`);
console.log(
  `\nnext, after review:\n  git add -A && git commit -m "Release ${tags.join(', ')}"\n  ${tags.map((t) => `git tag ${t}`).join(' && ')}\n` +
    (plan.sdk.to ? '  pnpm --filter solifyn publish --access public\n' : ''),
);
