/**
 * `pnpm release` (without --dry-run) in a throwaway copy of the repository: after an additive spec change it writes
 * the release — info.version, regenerated bundle, openapi/releases/<version>.json, SDK version, CHANGELOG.md — so
 * that the gate and the generated-code check pass on the result; it refuses a work tree with uncommitted changes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseChangelog } from '../lib/release/changelog';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');
let repo: string;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=release test', '-c', 'user.email=release-test@solifyn.invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
const script = (name: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [tsx, join(repo, 'scripts', name), ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
};
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'solifyn-release-repo-'));
  // The work tree's tracked files as they are now (edits included), with the root's installed tools.
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    copyFileSync(join(root, file), join(repo, file));
  }
  symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'));
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'copy');

  const orderPath = join(repo, 'openapi/components/schemas/Order.yaml');
  const order = parse(readFileSync(orderPath, 'utf8')) as { properties: Record<string, unknown> };
  order.properties.note = { type: 'string', maxLength: 500, description: 'A note for the order.' };
  writeFileSync(orderPath, stringify(order));
  writeFileSync(
    join(repo, 'CHANGELOG.md'),
    read('CHANGELOG.md').replace('### API\n', '### API\n\n- `Order` has a new optional field `note`.\n'),
  );
  expect(script('generate.ts').status).toBe(0);
  git('add', '-A');
  git('commit', '-qm', 'Order.note');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('pnpm release', () => {
  it('refuses a work tree with uncommitted changes', () => {
    writeFileSync(join(repo, 'scratch.txt'), 'not committed\n');
    try {
      const run = script('release.ts', '--date', '2026-12-08');
      expect(run.status).toBe(1);
      expect(run.out).toContain('the work tree has uncommitted changes');
      expect(existsSync(join(repo, 'openapi/releases/1.1.0.json'))).toBe(false);
    } finally {
      rmSync(join(repo, 'scratch.txt'));
    }
  });

  it('writes the release, after which spec:diff and check:generated pass', () => {
    const run = script('release.ts', '--date', '2026-12-08');
    expect(run.out).toContain('API            1.0.0 → 1.1.0 (minor)');
    expect(run.status).toBe(0);

    expect(read('openapi/openapi.yaml')).toMatch(/^info:\n(?: .*\n)*? {2}version: 1\.1\.0$/m);
    const bundle = read('openapi/dist/openapi.json');
    expect(JSON.parse(bundle).info.version).toBe('1.1.0');
    expect(read('openapi/releases/1.1.0.json')).toBe(bundle);
    expect(read('openapi/releases/1.0.0.json')).toBe(readFileSync(join(root, 'openapi/releases/1.0.0.json'), 'utf8'));
    expect(JSON.parse(read('packages/sdk/package.json')).version).toBe('1.1.0');

    const changelog = parseChangelog(read('CHANGELOG.md'));
    expect(changelog.sections.map((s) => s.heading)).toEqual([
      'Unreleased',
      '1.1.0 — 2026-12-08',
      '1.0.0 — 2026-12-01',
    ]);
    expect(changelog.sections[1]?.subsections.get('API')).toContain('- `Order` has a new optional field `note`.');
    expect(git('status', '--porcelain')).toContain('?? openapi/releases/1.1.0.json');

    const diff = script('spec-diff.ts');
    expect(diff.out).toContain('no changes since release 1.1.0');
    expect(diff.status).toBe(0);
    expect(script('check-generated.ts').status).toBe(0);
  });
});
