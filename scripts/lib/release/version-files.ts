/** Rewrites the version in each file that carries one, touching nothing else in it. */

/** `info.version` in openapi/openapi.yaml: the `version:` line of the top-level `info:` block. */
export function setSpecVersion(yaml: string, version: string): string {
  const match = /^info:\n(?:(?:[ \t]+.*|)\n)*?([ \t]+)version:[ \t]*.*$/m.exec(yaml);
  if (!match) throw new Error('openapi.yaml has no info.version line');
  const line = match[0].split('\n').at(-1) ?? '';
  const indent = match[1] ?? '  ';
  return (
    yaml.slice(0, match.index + match[0].length - line.length) +
    `${indent}version: ${version}` +
    yaml.slice(match.index + match[0].length)
  );
}

/** The top-level `"version"` of a package.json, formatting kept. */
export function setPackageVersion(json: string, version: string): string {
  const parsed = JSON.parse(json) as { version?: unknown };
  if (typeof parsed.version !== 'string') throw new Error('package.json has no version');
  const updated = json.replace(/^(\s*"version":\s*)"[^"]*"/m, `$1"${version}"`);
  if ((JSON.parse(updated) as { version: string }).version !== version)
    throw new Error('could not rewrite package.json version');
  return updated;
}
