/**
 * Packs the SDK as it would be published — from a copy with the next version, so the work tree is left as it
 * was — and runs publint (strict) and attw on the tarball itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setPackageVersion } from './version-files';

export interface PackCheck {
  tarball: string;
  files: string[];
  size: number;
  checks: { name: string; ok: boolean; output: string }[];
}

export function packAndCheckSdk(
  sdkDir: string,
  version: string,
  workDir = mkdtempSync(join(tmpdir(), 'solifyn-release-')),
): PackCheck {
  const bin = (name: string) => join(sdkDir, 'node_modules', '.bin', name);
  execFileSync(bin('tsup'), [], { cwd: sdkDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const stage = join(workDir, 'package');
  const manifest = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { files?: string[] };
  cpSync(join(sdkDir, 'package.json'), join(stage, 'package.json'));
  for (const entry of manifest.files ?? []) cpSync(join(sdkDir, entry), join(stage, entry), { recursive: true });
  const current = (JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(
    join(stage, 'package.json'),
    setPackageVersion(readFileSync(join(stage, 'package.json'), 'utf8'), version),
  );
  // The build inlines package.json's version (src/version.ts imports it): the staged bundles get the next one.
  for (const bundle of ['dist/index.js', 'dist/index.cjs']) {
    const path = join(stage, bundle);
    const code = readFileSync(path, 'utf8');
    const inlined = `var version = ${JSON.stringify(current)};`;
    if (code.split(inlined).length !== 2) throw new Error(`${bundle}: the inlined SDK version was not found once`);
    writeFileSync(path, code.replace(inlined, `var version = ${JSON.stringify(version)};`));
  }
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  const [info] = JSON.parse(out) as { filename: string; size: number; files: { path: string }[] }[];
  if (!info) throw new Error('npm pack printed no result');
  const tarball = join(workDir, info.filename);
  const run = (name: string, command: string, args: string[]) => {
    const result = spawnSync(command, args, {
      cwd: workDir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { name, ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  };
  const bundled = ['dist/index.js', 'dist/index.cjs'].filter((bundle) =>
    readFileSync(join(stage, bundle), 'utf8').includes(`var version = ${JSON.stringify(version)};`),
  );
  const checks = [
    { name: `bundled VERSION ${version}`, ok: bundled.length === 2, output: `found in ${bundled.join(', ')}` },
    run('publint --strict', bin('publint'), ['run', '--strict', tarball]),
    run('attw', bin('attw'), [tarball, '--format', 'ascii', '--no-emoji', '--no-color']),
  ];
  return { tarball, files: info.files.map((f) => f.path).sort(), size: info.size, checks };
}
