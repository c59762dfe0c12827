/**
 * The release gate of `pnpm spec:diff`: the current bundle against the latest release. A breaking change needs a new
 * major `info.version` and a Migration section in CHANGELOG.md's Unreleased notes; any change needs an API entry
 * there naming what changed.
 */
import { diffSpecs } from '../spec-diff/index';
import { formatChange, isObject, type Change, type SpecDocument } from '../spec-diff/types';
import { entriesOf, parseChangelog, unreleasedSection, withoutComments } from './changelog';
import type { Release } from './releases';
import { bump, bumpLevelBetween, compareVersions, isVersion, type BumpLevel } from './semver';

export interface GateReport {
  releaseVersion: string;
  currentVersion: string;
  changes: Change[];
  /** Anything differs, descriptions included (info.version aside). */
  specChanged: boolean;
  /** What the changes require of the next version: breaking → major, other changes → minor, text only → patch. */
  level: BumpLevel | undefined;
  errors: string[];
}

function withoutVersion(doc: SpecDocument): string {
  const info = isObject(doc.info) ? { ...doc.info, version: null } : doc.info;
  return JSON.stringify({ ...doc, info }, (_key, value: unknown) =>
    isObject(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

export function changeLevel(changes: Change[], specChanged: boolean): BumpLevel | undefined {
  if (changes.some((c) => c.severity === 'breaking')) return 'major';
  if (changes.length > 0) return 'minor';
  return specChanged ? 'patch' : undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the notes name the change's operation (operationId or `METHOD /path`), webhook, or the schema it lies in. */
function mentioned(notes: string, change: Change): boolean {
  const names = [
    change.subjectId,
    change.subject.replace(/ \(.*\)$/, ''),
    ...(change.component ? [change.component] : []),
  ];
  if (change.subject.startsWith('webhook ')) names.push(change.subject);
  return names.some((name) => new RegExp(`(^|[^A-Za-z0-9_.{/])${escape(name)}($|[^A-Za-z0-9_}/])`).test(notes));
}

export function evaluateGate(current: SpecDocument, release: Release, changelogText: string): GateReport {
  const errors: string[] = [];
  const info = isObject(current.info) ? current.info : {};
  const currentVersion = typeof info.version === 'string' ? info.version : '';
  const releaseInfo = isObject(release.doc.info) ? release.doc.info : {};
  if (releaseInfo.version !== release.version) {
    errors.push(
      `${release.path} says info.version ${JSON.stringify(releaseInfo.version)}, but its name says ${release.version}`,
    );
  }
  const changes = diffSpecs(release.doc, current);
  const specChanged = withoutVersion(release.doc) !== withoutVersion(current);
  const level = changeLevel(changes, specChanged);
  const report = { releaseVersion: release.version, currentVersion, changes, specChanged, level, errors };
  if (!isVersion(currentVersion)) {
    errors.push(`info.version ${JSON.stringify(currentVersion)} is not a MAJOR.MINOR.PATCH version`);
    return report;
  }
  if (compareVersions(currentVersion, release.version) < 0) {
    errors.push(`info.version ${currentVersion} is lower than the latest release ${release.version}`);
  }
  const unreleased = unreleasedSection(parseChangelog(changelogText));
  const notes = withoutComments(unreleased?.body ?? '');
  const breaking = changes.filter((c) => c.severity === 'breaking');
  if (breaking.length > 0) {
    const raised = bumpLevelBetween(release.version, currentVersion);
    if (raised !== 'major') {
      errors.push(
        `${breaking.length} breaking change${breaking.length > 1 ? 's' : ''} against release ${release.version} ` +
          `need a new major version: set info.version to ${bump(release.version, 'major')} in openapi/openapi.yaml ` +
          `(it says ${currentVersion}), or keep the old behaviour:\n${breaking.map((c) => `  ${formatChange(c)}`).join('\n')}`,
      );
    }
    const migration = withoutComments(unreleased?.subsections.get('Migration') ?? '');
    if (migration === '') {
      errors.push(
        'breaking changes need release notes that say how to migrate: a "### Migration" subsection with text in the ' +
          '"## Unreleased" section of CHANGELOG.md',
      );
    }
  }
  if (specChanged) {
    if (!unreleased) {
      errors.push(`the spec changed since release ${release.version}, but CHANGELOG.md has no "## Unreleased" section`);
    } else if (entriesOf(unreleased.subsections.get('API')).length === 0) {
      errors.push(
        `the spec changed since release ${release.version}, but the "### API" subsection of CHANGELOG.md's Unreleased ` +
          'section has no entry ("- …")',
      );
    }
    const missing = new Map<string, Change>();
    for (const change of changes) {
      if (!mentioned(notes, change) && !missing.has(change.subject)) missing.set(change.subject, change);
    }
    if (unreleased && missing.size > 0) {
      const lines = [...missing.values()].map(
        (c) => `  ${c.subject}${c.component ? ` (or the schema \`${c.component}\`)` : ''}: ${c.message}`,
      );
      errors.push(
        `CHANGELOG.md's Unreleased section does not mention ${missing.size} changed operation${missing.size > 1 ? 's' : ''}/webhook${missing.size > 1 ? 's' : ''} ` +
          `(name its operationId, \`METHOD /path\`, webhook or schema):\n${lines.join('\n')}`,
      );
    }
  }
  return report;
}
