/** Next versions and release notes (`pnpm release`), and the files the release rewrites. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChangelog, releaseChangelog, unreleasedSection } from '../lib/release/changelog';
import { planRelease } from '../lib/release/plan';
import { setPackageVersion, setSpecVersion } from '../lib/release/version-files';
import type { SpecDocument } from '../lib/spec-diff/types';
import { fixtureSpec, type Spec } from './fixtures/spec';

const root = join(import.meta.dirname, '..', '..');
const release = { version: '1.0.0', path: 'releases/1.0.0.json', doc: fixtureSpec('1.0.0') };
const addSize = (s: Spec) => (s.components.schemas.Widget.properties.size = { type: 'integer' });
const removeTags = (s: Spec) => delete s.components.schemas.Widget.properties.tags;

function spec(version: string, edit: (s: Spec) => void = () => {}): SpecDocument {
  const s = fixtureSpec(version);
  edit(s);
  return s;
}

const changelog = (unreleased: string) =>
  `# Changelog\n\nIntro.\n\n## Unreleased\n\n${unreleased}\n\n## 1.0.0 — 2026-12-01\n\n### API\n\n- First release.\n`;

const plan = (current: SpecDocument, unreleased: string, sdkVersion = '1.0.0') =>
  planRelease({ current, release, changelog: changelog(unreleased), sdkVersion, date: '2026-12-08' });

describe('release plan', () => {
  it('makes an additive API change a minor release of the API and the SDK, with the diff in the notes', () => {
    const p = plan(spec('1.0.0', addSize), '### API\n\n- `Widget` has a `size`.\n\n### SDK\n\n<!-- hint -->');
    expect(p.api).toEqual({ from: '1.0.0', to: '1.1.0', level: 'minor' });
    expect(p.sdk).toEqual({ from: '1.0.0', to: '1.1.0', level: 'minor' });
    expect(p.notes).toContain('## 1.1.0 — 2026-12-08\n\nAPI 1.1.0 · SDK `solifyn` 1.1.0');
    expect(p.notes).toContain('- `Widget` has a `size`.');
    expect(p.notes).toContain('Changes found by `pnpm spec:diff` against 1.0.0:');
    expect(p.notes).toContain(
      '- Compatible: `Widget` — optional property `size` added (`listWidgets`, `createWidget`, `retrieveWidget`, `widget.created`)',
    );
    expect(p.notes).not.toContain('### SDK');
    expect(p.notes).not.toContain('<!--');
  });

  it('releases a breaking change as the declared major, SDK major too, with the migration notes', () => {
    const p = plan(
      spec('2.0.0', removeTags),
      '### API\n\n- `Widget`: `tags` removed.\n\n### Migration\n\nCall `listWidgetTags`.',
    );
    expect(p.api).toEqual({ from: '1.0.0', to: '2.0.0', level: 'major' });
    expect(p.sdk).toEqual({ from: '1.0.0', to: '2.0.0', level: 'major' });
    expect(p.notes).toContain('- Breaking: `Widget` — response property `tags` removed');
    expect(p.notes).toContain('### Migration\n\nCall `listWidgetTags`.');
  });

  it('makes a text-only spec change a patch', () => {
    const edit = (s: Spec) => (s.paths['/healthz'].get.responses['200'].description = 'Up and ready.');
    const p = plan(spec('1.0.0', edit), '### API\n\n- Clarified `getHealth`.');
    expect(p.api.to).toBe('1.0.1');
    expect(p.sdk.to).toBe('1.0.1');
  });

  it('releases SDK-only changes by their own notes, leaving the API version', () => {
    const fixed = plan(spec('1.0.0'), '### SDK\n\n- Fixed: retries honour `Retry-After`.');
    expect(fixed.api).toEqual({ from: '1.0.0', to: undefined, level: undefined });
    expect(fixed.sdk.to).toBe('1.0.1');
    expect(fixed.notes).toContain('## solifyn 1.0.1 — 2026-12-08\n\nAPI 1.0.0 (unchanged) · SDK `solifyn` 1.0.1');
    expect(plan(spec('1.0.0'), '### SDK\n\n- Added: `solifyn.orders.iterate()`.').sdk.to).toBe('1.1.0');
    expect(plan(spec('1.0.0'), '### SDK\n\n- Breaking: Node 18 is no longer supported.').sdk.to).toBe('2.0.0');
  });

  it('has nothing to release when nothing changed', () => {
    const p = plan(spec('1.0.0'), '### API\n\n<!-- hint -->');
    expect(p.notes).toBeUndefined();
    expect(p.api.to).toBeUndefined();
    expect(p.sdk.to).toBeUndefined();
  });

  it('refuses a declared version smaller than the changes need', () => {
    expect(() => plan(spec('1.0.1', addSize), '### API\n\n- `Widget` has a `size`.')).toThrow(
      'info.version 1.0.1 is a patch step from 1.0.0, but the changes need a minor one (1.1.0)',
    );
  });

  it('refuses to plan when the gate fails', () => {
    expect(() => plan(spec('1.0.0', removeTags), '### API\n\n- `Widget`: `tags` removed.')).toThrow(
      'the release gate fails',
    );
  });
});

describe('release files', () => {
  it('turns Unreleased into the release section and opens a new empty Unreleased', () => {
    const text = changelog('### API\n\n- `Widget` has a `size`.');
    const updated = releaseChangelog(text, '## 1.1.0 — 2026-12-08\n\n### API\n\n- `Widget` has a `size`.\n');
    const parsed = parseChangelog(updated);
    expect(parsed.preamble).toBe('# Changelog\n\nIntro.');
    expect(parsed.sections.map((s) => s.heading)).toEqual(['Unreleased', '1.1.0 — 2026-12-08', '1.0.0 — 2026-12-01']);
    expect(unreleasedSection(parsed)?.subsections.get('API')).toMatch(/^<!--.*-->$/);
    expect(parsed.sections[1]?.subsections.get('API')).toBe('- `Widget` has a `size`.');
  });

  it('rewrites only the info.version line of openapi/openapi.yaml', () => {
    const yaml = readFileSync(join(root, 'openapi/openapi.yaml'), 'utf8');
    const updated = setSpecVersion(yaml, '1.1.0');
    const changed = updated.split('\n').filter((line, i) => line !== yaml.split('\n')[i]);
    expect(changed).toEqual(['  version: 1.1.0']);
  });

  it('rewrites the SDK version in package.json (src/version.ts imports it)', () => {
    const pkg = readFileSync(join(root, 'packages/sdk/package.json'), 'utf8');
    const updated = setPackageVersion(pkg, '1.1.0');
    expect(JSON.parse(updated)).toEqual({ ...JSON.parse(pkg), version: '1.1.0' });
    expect(updated.split('\n').length).toBe(pkg.split('\n').length);
  });

  it('keeps the SDK version and the latest release in step with CHANGELOG.md', () => {
    const sdk = JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8')) as { version: string };
    const sections = parseChangelog(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).sections.map((s) => s.heading);
    expect(sections[0]).toBe('Unreleased');
    expect(sections).toContain('1.0.0 — 2026-12-01');
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toContain(`\`solifyn\` ${sdk.version}`);
  });
});
