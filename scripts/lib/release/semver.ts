/** The plain `MAJOR.MINOR.PATCH` versions we release (no pre-release or build tags). */
export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export type BumpLevel = 'major' | 'minor' | 'patch';

export function parseVersion(text: string): Version {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(text);
  if (!match) throw new Error(`not a MAJOR.MINOR.PATCH version: ${JSON.stringify(text)}`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function isVersion(text: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(text);
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

export function bump(version: string, level: BumpLevel): string {
  const v = parseVersion(version);
  if (level === 'major') return formatVersion({ major: v.major + 1, minor: 0, patch: 0 });
  if (level === 'minor') return formatVersion({ major: v.major, minor: v.minor + 1, patch: 0 });
  return formatVersion({ major: v.major, minor: v.minor, patch: v.patch + 1 });
}

/** The level by which `to` was raised over `from`, or undefined if it was not raised. */
export function bumpLevelBetween(from: string, to: string): BumpLevel | undefined {
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (compareVersions(to, from) <= 0) return undefined;
  if (b.major > a.major) return 'major';
  if (b.minor > a.minor) return 'minor';
  return 'patch';
}

const ORDER: BumpLevel[] = ['patch', 'minor', 'major'];

export function maxLevel(...levels: (BumpLevel | undefined)[]): BumpLevel | undefined {
  let best: BumpLevel | undefined;
  for (const level of levels) if (level && (!best || ORDER.indexOf(level) > ORDER.indexOf(best))) best = level;
  return best;
}
