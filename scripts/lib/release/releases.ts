/** Released specs: `openapi/releases/<version>.json`, each the bundle exactly as it was released. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecDocument } from '../spec-diff/types';
import { compareVersions, isVersion } from './semver';

export const RELEASES_DIR = 'openapi/releases';

export interface Release {
  version: string;
  path: string;
  doc: SpecDocument;
}

export function releaseVersions(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && isVersion(name.slice(0, -5)))
    .map((name) => name.slice(0, -5))
    .sort(compareVersions);
}

export function latestRelease(dir: string): Release {
  const version = releaseVersions(dir).at(-1);
  if (!version) throw new Error(`no released spec in ${dir} (expected <MAJOR.MINOR.PATCH>.json)`);
  const path = join(dir, `${version}.json`);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as SpecDocument;
  return { version, path, doc };
}
