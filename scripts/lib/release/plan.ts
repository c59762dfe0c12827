/**
 * What `pnpm release` would do: the next API version (from the spec's change class, or the `info.version` the
 * author already raised), the next `solifyn` version (at least the API's change class, raised further by the SDK
 * notes), and the release notes (the Unreleased section plus the changes `pnpm spec:diff` found).
 */
import type { Change, SpecDocument } from '../spec-diff/types';
import { entriesOf, parseChangelog, unreleasedSection, withoutComments } from './changelog';
import { evaluateGate, type GateReport } from './gate';
import type { Release } from './releases';
import { bump, bumpLevelBetween, maxLevel, type BumpLevel } from './semver';

export interface VersionStep {
  from: string;
  /** Undefined when nothing changed. */
  to: string | undefined;
  level: BumpLevel | undefined;
}

export interface ReleasePlan {
  api: VersionStep;
  sdk: VersionStep;
  /** The release's changelog section, `## …` heading included; undefined when there is nothing to release. */
  notes: string | undefined;
  report: GateReport;
}

export interface PlanInput {
  current: SpecDocument;
  release: Release;
  changelog: string;
  sdkVersion: string;
  /** YYYY-MM-DD, the release date written in the heading. */
  date: string;
}

const LEVEL_RANK: Record<BumpLevel, number> = { patch: 0, minor: 1, major: 2 };

/** `Breaking:` → major, `Added:` → minor, any other SDK entry → patch. */
function sdkNotesLevel(entries: string[]): BumpLevel | undefined {
  return maxLevel(
    ...entries.map((e): BumpLevel => (/^breaking\b/i.test(e) ? 'major' : /^added\b/i.test(e) ? 'minor' : 'patch')),
  );
}

export function planRelease(input: PlanInput): ReleasePlan {
  const report = evaluateGate(input.current, input.release, input.changelog);
  if (report.errors.length > 0) {
    throw new Error(
      `the release gate fails (run \`pnpm spec:diff\`):\n${report.errors.map((e) => `✗ ${e}`).join('\n')}`,
    );
  }
  const from = input.release.version;
  const declared = bumpLevelBetween(from, report.currentVersion);
  if (declared && report.level && LEVEL_RANK[declared] < LEVEL_RANK[report.level]) {
    throw new Error(
      `info.version ${report.currentVersion} is a ${declared} step from ${from}, but the changes need a ${report.level} one (${bump(from, report.level)})`,
    );
  }
  const apiTo = declared ? report.currentVersion : report.level ? bump(from, report.level) : undefined;
  const api: VersionStep = { from, to: apiTo, level: apiTo ? bumpLevelBetween(from, apiTo) : undefined };

  const unreleased = unreleasedSection(parseChangelog(input.changelog));
  const sdkEntries = entriesOf(unreleased?.subsections.get('SDK'));
  const sdkLevel = maxLevel(api.level, sdkNotesLevel(sdkEntries));
  const sdk: VersionStep = {
    from: input.sdkVersion,
    to: sdkLevel ? bump(input.sdkVersion, sdkLevel) : undefined,
    level: sdkLevel,
  };

  if (!api.to && !sdk.to) return { api, sdk, notes: undefined, report };
  return { api, sdk, notes: renderNotes(input, api, sdk, report.changes), report };
}

function renderNotes(input: PlanInput, api: VersionStep, sdk: VersionStep, changes: Change[]): string {
  const unreleased = unreleasedSection(parseChangelog(input.changelog));
  const heading = api.to ? `## ${api.to} — ${input.date}` : `## solifyn ${sdk.to} — ${input.date}`;
  const versions = `API ${api.to ?? `${api.from} (unchanged)`} · SDK \`solifyn\` ${sdk.to ?? `${sdk.from} (unchanged)`}`;
  const parts = [heading, versions];
  const subsections = new Map(unreleased?.subsections ?? []);
  const apiText = withoutComments(subsections.get('API') ?? '');
  const detected = summariseChanges(changes, api.from);
  const apiBody = [apiText, detected].filter((t) => t !== '').join('\n\n');
  if (apiBody !== '') parts.push(`### API\n\n${apiBody}`);
  subsections.delete('API');
  for (const [name, text] of subsections) {
    const body = withoutComments(text);
    if (body !== '') parts.push(`### ${name}\n\n${body}`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** One line per distinct change; a change to a shared schema is listed once, with the operations it reaches. */
export function summariseChanges(changes: Change[], since: string): string {
  if (changes.length === 0) return '';
  const groups = new Map<string, { change: Change; subjects: string[] }>();
  for (const change of changes) {
    const key = change.component
      ? `${change.severity}|${change.component}|${change.message}`
      : `${change.severity}|${change.subject}|${change.location}|${change.message}`;
    const group = groups.get(key) ?? { change, subjects: [] };
    if (!group.subjects.includes(change.subjectId)) group.subjects.push(change.subjectId);
    groups.set(key, group);
  }
  const label = { breaking: 'Breaking', 'needs-attention': 'Needs attention', 'non-breaking': 'Compatible' } as const;
  const order = ['breaking', 'needs-attention', 'non-breaking'] as const;
  const lines = [...groups.values()]
    .sort((a, b) => order.indexOf(a.change.severity) - order.indexOf(b.change.severity))
    .map(({ change, subjects }) =>
      change.component
        ? `- ${label[change.severity]}: \`${change.component}\` — ${change.message} (${subjects.map((s) => `\`${s}\``).join(', ')})`
        : `- ${label[change.severity]}: \`${change.subject}\` ${change.location} — ${change.message}`,
    );
  return `Changes found by \`pnpm spec:diff\` against ${since}:\n\n${lines.join('\n')}`;
}
