/** The release gate's own rules: version, migration notes, and the changelog naming what changed. */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../lib/release/gate';
import type { SpecDocument } from '../lib/spec-diff/types';
import { fixtureSpec, type Spec } from './fixtures/spec';

const release = { version: '1.0.0', path: 'releases/1.0.0.json', doc: fixtureSpec('1.0.0') };

function spec(version: string, edit: (s: Spec) => void = () => {}): SpecDocument {
  const s = fixtureSpec(version);
  edit(s);
  return s;
}

const removeTags = (s: Spec) => delete s.components.schemas.Widget.properties.tags;
const addSize = (s: Spec) => (s.components.schemas.Widget.properties.size = { type: 'integer' });

const changelog = (api: string, extra = '') =>
  `# Changelog\n\n## Unreleased\n\n### API\n\n${api}\n${extra}\n## 1.0.0 — 2026-12-01\n\n### API\n\n- First release.\n`;

describe('release gate: happy', () => {
  it('passes an unchanged spec with an empty Unreleased section', () => {
    const report = evaluateGate(spec('1.0.0'), release, changelog('<!-- nothing yet -->'));
    expect(report).toMatchObject({ errors: [], specChanged: false, level: undefined, changes: [] });
  });

  it('passes an additive change named by its operationId, and asks for a minor release', () => {
    const report = evaluateGate(
      spec('1.0.0', addSize),
      release,
      changelog(
        '- `retrieveWidget`, `listWidgets`, `createWidget` and the `widget.created` webhook: new field `size`.',
      ),
    );
    expect(report.errors).toEqual([]);
    expect(report.level).toBe('minor');
  });

  it('accepts the shared schema name instead of every operation it reaches', () => {
    const report = evaluateGate(spec('1.0.0', addSize), release, changelog('- `Widget` has a new field `size`.'));
    expect(report.errors).toEqual([]);
  });

  it('accepts `METHOD /path` as the name of an operation', () => {
    const edit = (s: Spec) =>
      s.paths['/v1/widgets'].get.parameters.push({ name: 'q', in: 'query', schema: { type: 'string' } });
    const report = evaluateGate(spec('1.0.0', edit), release, changelog('- `GET /v1/widgets` takes `q`.'));
    expect(report.errors).toEqual([]);
  });

  it('passes a breaking change with a new major version and migration notes', () => {
    const report = evaluateGate(
      spec('2.0.0', removeTags),
      release,
      changelog(
        '- `Widget`: `tags` removed.',
        '\n### Migration\n\nRead tags from `GET /v1/widgets/{widgetId}/tags`.\n',
      ),
    );
    expect(report.errors).toEqual([]);
    expect(report.level).toBe('major');
  });

  it('treats a description-only change as a patch that still needs a changelog entry', () => {
    const edit = (s: Spec) => (s.paths['/healthz'].get.responses['200'].description = 'The service is up.');
    const report = evaluateGate(spec('1.0.0', edit), release, changelog('- Clarified the `getHealth` description.'));
    expect(report).toMatchObject({ errors: [], specChanged: true, level: 'patch', changes: [] });
  });
});

describe('release gate: error', () => {
  it('fails a breaking change without a major version, naming the operation and the change', () => {
    const report = evaluateGate(
      spec('1.1.0', removeTags),
      release,
      changelog('- `Widget`: `tags` removed.', '\n### Migration\n\nUse x.\n'),
    );
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toContain('need a new major version: set info.version to 2.0.0');
    expect(report.errors[0]).toContain(
      'GET /v1/widgets/{widgetId} (retrieveWidget): response 200 body.tags — response property `tags` removed',
    );
  });

  it('fails a breaking change with a major version but no migration notes', () => {
    const report = evaluateGate(
      spec('2.0.0', removeTags),
      release,
      changelog('- `Widget`: `tags` removed.', '\n### Migration\n\n<!-- todo -->\n'),
    );
    expect(report.errors).toEqual([expect.stringContaining('"### Migration"')]);
  });

  it('fails when the spec changed but the Unreleased section has no API entry', () => {
    const report = evaluateGate(spec('1.0.0', addSize), release, changelog('<!-- nothing yet -->'));
    expect(report.errors.join('\n')).toContain('has no entry');
  });

  it('fails when the Unreleased section does not name a changed operation, and lists it', () => {
    const edit = (s: Spec) =>
      s.paths['/v1/widgets'].get.parameters.push({ name: 'q', in: 'query', schema: { type: 'string' } });
    const report = evaluateGate(spec('1.0.0', edit), release, changelog('- `GET /v1/widgets/{widgetId}` is faster.'));
    expect(report.errors).toEqual([expect.stringContaining('GET /v1/widgets (listWidgets): optional parameter added')]);
  });

  it('fails when there is no Unreleased section at all', () => {
    const report = evaluateGate(spec('1.0.0', addSize), release, '# Changelog\n\n## 1.0.0 — 2026-12-01\n');
    expect(report.errors.join('\n')).toContain('no "## Unreleased" section');
  });

  it('fails when info.version is lower than the latest release', () => {
    const report = evaluateGate(spec('0.9.0'), release, changelog(''));
    expect(report.errors).toContain('info.version 0.9.0 is lower than the latest release 1.0.0');
  });

  it('fails when info.version is not MAJOR.MINOR.PATCH', () => {
    const report = evaluateGate(spec('1.0'), release, changelog(''));
    expect(report.errors).toEqual(['info.version "1.0" is not a MAJOR.MINOR.PATCH version']);
  });

  it('fails when a release file does not hold the version its name says', () => {
    const report = evaluateGate(spec('1.0.0'), { ...release, doc: fixtureSpec('1.0.1') }, changelog(''));
    expect(report.errors.join('\n')).toContain('but its name says 1.0.0');
  });
});
