/** Every README sample is a file in samples/ (compiled by tsconfig.samples.json), shown verbatim. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const embedded = [...readme.matchAll(/<!-- sample: (samples\/[\w.-]+\.ts) -->\n\n```ts\n([\s\S]*?)\n```/g)].map(
  ([, path, code]) => ({ path: path!, code: code! }),
);

describe('README samples', () => {
  it('embeds each file of samples/ at least once', () => {
    const files = readdirSync(new URL('samples/', root)).map((name) => `samples/${name}`);
    expect([...new Set(embedded.map((e) => e.path))].sort()).toEqual(files.sort());
    expect(readme.match(/<!-- sample:/g)).toHaveLength(embedded.length);
  });

  it.each(embedded)('shows $path exactly as compiled', ({ path, code }) => {
    expect(code).toBe(readFileSync(new URL(path, root), 'utf8').trimEnd());
  });
});
