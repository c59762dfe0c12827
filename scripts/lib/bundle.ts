/** Bundles the multi-file spec into one JSON document with the Redocly CLI installed at the root. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sortKeysDeep } from './stable-json';

const require = createRequire(import.meta.url);

function redoclyBin(): string {
  const pkg = require.resolve('@redocly/cli/package.json');
  return join(dirname(pkg), 'bin', 'cli.js');
}

export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

/** Runs `redocly bundle <entry> --ext json` and returns the parsed document with sorted keys. */
export function bundleSpec(entry: string, cwd: string): OpenApiDocument {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-bundle-'));
  const out = join(dir, 'openapi.json');
  try {
    execFileSync(process.execPath, [redoclyBin(), 'bundle', entry, '--ext', 'json', '-o', out], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return sortKeysDeep(JSON.parse(readFileSync(out, 'utf8'))) as OpenApiDocument;
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(
      `redocly bundle ${entry} failed:\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}${e.message}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
