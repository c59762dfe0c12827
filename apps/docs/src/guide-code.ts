/**
 * Writes every TypeScript block of the guides to .guide-code/<guide>.<n>.ts (gitignored), so `tsc -p
 * tsconfig.guides.json` compiles them against the SDK source exactly as readers would paste them (`pnpm typecheck`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsRoot } from './build';
import { guideSlugs } from './guides';
import { renderMarkdown } from './markdown';

export const guideCodeDir = join(docsRoot, '.guide-code');

export function guideBlocks(): { file: string; source: string }[] {
  return guideSlugs.flatMap((slug) =>
    renderMarkdown(readFileSync(join(docsRoot, 'guides', `${slug}.md`), 'utf8'))
      .code.filter((block) => block.lang === 'ts' || block.lang === 'typescript')
      .map((block, i) => ({ file: `${slug}.${i + 1}.ts`, source: block.text })),
  );
}

if (process.argv[1]?.endsWith('guide-code.ts')) {
  rmSync(guideCodeDir, { recursive: true, force: true });
  mkdirSync(guideCodeDir, { recursive: true });
  const blocks = guideBlocks();
  for (const block of blocks) writeFileSync(join(guideCodeDir, block.file), `${block.source}\n`);
  console.log(`guides: ${blocks.length} TypeScript blocks written to .guide-code/ for tsc`);
}
