/**
 * `pnpm spec:diff` as CI runs it: the repository's spec passes against release 1.0.0, and a temporary breaking
 * edit of the YAML in openapi/ (in a copy, bundled as `pnpm generate` does) makes it fail naming the operation and
 * the change.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { bundleSpec } from '../lib/bundle';
import { stableStringify } from '../lib/stable-json';
import { diffSpecs } from '../lib/spec-diff/index';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(require_resolve_dir('tsx'), 'dist', 'cli.mjs');

function require_resolve_dir(name: string): string {
  return join(createRequire(import.meta.url).resolve(`${name}/package.json`), '..');
}

function specDiff(...args: string[]) {
  const result = spawnSync(process.execPath, [tsx, join(root, 'scripts/spec-diff.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;

/** A copy of openapi/ with one YAML file edited, bundled; returns the bundle's path. */
function bundleWithEdit(name: string, file: string, edit: (doc: Record<string, unknown>) => void): string {
  const dir = join(work, name);
  cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
  cpSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  const path = join(dir, 'openapi', file);
  const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(doc);
  writeFileSync(path, stringify(doc));
  const out = join(dir, 'openapi.json');
  writeFileSync(out, stableStringify(bundleSpec('openapi/openapi.yaml', dir)));
  return out;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'solifyn-spec-diff-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pnpm spec:diff', () => {
  it('is part of the root `pnpm test`, after the generated-code check and before the packages', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const steps = scripts.test?.split(' && ') ?? [];
    expect(steps.indexOf('pnpm spec:diff')).toBeGreaterThan(steps.indexOf('pnpm check:generated'));
    expect(steps.indexOf('pnpm check:generated')).toBeGreaterThanOrEqual(0);
    expect(steps.indexOf('pnpm test:scripts')).toBeGreaterThan(steps.indexOf('pnpm spec:diff'));
    expect(steps.indexOf('turbo run test --concurrency=1')).toBeGreaterThan(steps.indexOf('pnpm test:scripts'));
  });

  it('passes: the current spec against release 1.0.0', () => {
    const run = specDiff();
    expect(run.stderr).not.toContain('failed');
    expect(run.stdout).toContain('against release 1.0.0 (openapi/releases/1.0.0.json)');
    expect(run.stdout).toContain('spec:diff passed');
    expect(run.status).toBe(0);
  });

  it('finds no breaking change between the bundle and release 1.0.0', () => {
    const current = JSON.parse(readFileSync(join(root, 'openapi/dist/openapi.json'), 'utf8'));
    const released = JSON.parse(readFileSync(join(root, 'openapi/releases/1.0.0.json'), 'utf8'));
    const breaking = diffSpecs(released, current).filter((change) => change.severity === 'breaking');
    expect(breaking.map((change) => `${change.subject}: ${change.rule}`)).toEqual([]);
  });

  it('passes on the repository as it is (the current spec, release and CHANGELOG.md)', () => {
    const run = specDiff();
    expect(run.stderr).not.toContain('spec:diff failed');
    expect(run.status).toBe(0);
  });

  it('fails on a temporary breaking edit (a response field removed), naming the operation and the change', () => {
    const bundle = bundleWithEdit('breaking', 'components/schemas/Order.yaml', (order) => {
      delete (order.properties as Record<string, unknown>).aff;
      order.required = (order.required as string[]).filter((r) => r !== 'aff');
    });
    const run = specDiff('--spec', bundle);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('spec:diff failed');
    expect(run.stderr).toContain('need a new major version: set info.version to 2.0.0 in openapi/openapi.yaml');
    expect(run.stderr).toContain(
      'GET /v1/orders/{orderId} (retrieveOrder): response 200 body.aff — response property `aff` removed [response-property-removed]',
    );
    expect(run.stderr).toContain(
      'webhook order.created: payload.data.object<order>.aff — response property `aff` removed',
    );
    expect(run.stderr).toContain('"### Migration"');
  });

  it('fails on an additive edit that the changelog does not mention, and passes once it does', () => {
    // Product: a schema the Unreleased notes do not name yet (they name `Order` since refunds).
    const bundle = bundleWithEdit('additive', 'components/schemas/Product.yaml', (product) => {
      (product.properties as Record<string, unknown>).note = { type: 'string', maxLength: 500, description: 'A note.' };
    });
    const unmentioned = specDiff('--spec', bundle);
    expect(unmentioned.status).toBe(1);
    expect(unmentioned.stderr).toContain('does not mention');
    expect(unmentioned.stderr).toContain('GET /v1/products/{productId} (retrieveProduct) (or the schema `Product`)');

    const changelog = join(work, 'CHANGELOG.md');
    writeFileSync(
      changelog,
      readFileSync(join(root, 'CHANGELOG.md'), 'utf8').replace(
        '### API\n',
        '### API\n\n- `Product` has a new optional field `note`.\n',
      ),
    );
    const mentioned = specDiff('--spec', bundle, '--changelog', changelog);
    expect(mentioned.stdout).toContain('non-breaking (');
    expect(mentioned.stdout).toContain('next API version needs at least a minor release');
    expect(mentioned.status).toBe(0);
  });
});
