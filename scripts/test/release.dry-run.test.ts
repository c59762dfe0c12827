/**
 * `pnpm release --dry-run`: prints the next versions and the changelog section, packs the SDK with the next version
 * and checks the tarball with publint and attw — and leaves the work tree exactly as it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableStringify } from '../lib/stable-json';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');
const treeState = () =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' }) +
  execFileSync('git', ['diff'], { cwd: root, encoding: 'utf8' });

function release(...args: string[]) {
  const result = spawnSync(process.execPath, [tsx, join(root, 'scripts/release.ts'), '--dry-run', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'solifyn-release-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pnpm release --dry-run', () => {
  it('with nothing unreleased: prints the versions, packs and checks the SDK, changes nothing', () => {
    // Nothing unreleased: the spec as released, and the changelog's Unreleased section without entries.
    const changelog = join(work, 'CHANGELOG-released.md');
    const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    const released = text.indexOf('\n## 1.0.0');
    const unreleased = text
      .slice(0, released)
      .replace(/^(?:- |  ).*\n/gm, '')
      .replace(/\n{3,}/g, '\n\n');
    writeFileSync(changelog, unreleased + text.slice(released));
    const before = treeState();
    const run = release(
      '--spec',
      join(root, 'openapi/releases/1.0.0.json'),
      '--changelog',
      changelog,
      '--date',
      '2026-12-01',
    );
    expect(run.out).toContain('API            1.0.0 → 1.0.0 (unchanged)');
    expect(run.out).toContain('SDK (solifyn)  1.0.0 → 1.0.0 (unchanged)');
    expect(run.out).toContain('Nothing to release');
    expect(run.out).toMatch(/packed solifyn@1\.0\.0: \d+ files/);
    expect(run.out).toContain('  dist/index.d.cts');
    expect(run.out).toContain('publint --strict: ok');
    expect(run.out).toContain('attw: ok');
    expect(run.out).toContain('dry run: nothing written, nothing published.');
    expect(run.status).toBe(0);
    expect(treeState()).toBe(before);
  });

  it('with an additive API change: next minor versions, the changelog section, a tarball of the next version', () => {
    const spec = JSON.parse(readFileSync(join(root, 'openapi/dist/openapi.json'), 'utf8'));
    spec.components.schemas.Order.properties.note = { type: 'string', maxLength: 500 };
    const bundle = join(work, 'openapi.json');
    writeFileSync(bundle, stableStringify(spec));
    const changelog = join(work, 'CHANGELOG.md');
    writeFileSync(
      changelog,
      readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
        .replace('### API\n', '### API\n\n- `Order` has a new optional field `note`.\n')
        .replace('### SDK\n', '### SDK\n\n- Fixed: nothing really; an SDK entry for the test.\n'),
    );
    const before = treeState();
    const run = release('--spec', bundle, '--changelog', changelog, '--date', '2026-12-08');
    expect(run.out).toContain('API            1.0.0 → 1.1.0 (minor)');
    expect(run.out).toContain('SDK (solifyn)  1.0.0 → 1.1.0 (minor)');
    expect(run.out).toContain('## 1.1.0 — 2026-12-08\n\nAPI 1.1.0 · SDK `solifyn` 1.1.0');
    expect(run.out).toContain('- `Order` has a new optional field `note`.');
    expect(run.out).toContain('- Compatible: `Order` — optional property `note` added (`listEvents`');
    expect(run.out).toContain('### SDK\n\n- Fixed: nothing really; an SDK entry for the test.');
    expect(run.out).toMatch(/packed solifyn@1\.1\.0: \d+ files/);
    expect(run.out).toContain('bundled VERSION 1.1.0: ok');
    expect(run.out).toContain('publint --strict: ok');
    expect(run.out).toContain('attw: ok');
    expect(run.status).toBe(0);
    expect(treeState()).toBe(before);
  });

  it('refuses to preview a release the gate would refuse', () => {
    const spec = JSON.parse(readFileSync(join(root, 'openapi/dist/openapi.json'), 'utf8'));
    delete spec.paths['/v1/orders/{orderId}'];
    const bundle = join(work, 'breaking.json');
    writeFileSync(bundle, stableStringify(spec));
    const run = release('--spec', bundle);
    expect(run.status).toBe(1);
    expect(run.out).toContain('the release gate fails');
    expect(run.out).toContain(
      'GET /v1/orders/{orderId} (retrieveOrder): operation — operation removed [operation-removed]',
    );
  });
});
