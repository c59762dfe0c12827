/**
 * Builds the docs portal: `pnpm --filter @solifyn/docs build` → apps/docs/dist/, served by the API under /docs.
 * Our own renderer over the bundled spec (openapi/dist/openapi.json), the guides (guides/*.md) and CHANGELOG.md;
 * static HTML with one stylesheet and one small script, nothing loaded from another origin.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorEntries } from './errors';
import { guideSlugs } from './guides';
import { renderMarkdown } from './markdown';
import { errorIndexPage, errorPage } from './pages/errors';
import { layout, type Page, type Site } from './pages/layout';
import { homePage, notFoundPage, prosePage } from './pages/prose';
import { referencePage } from './pages/reference';
import { type SearchEntry, searchEntries } from './search';
import { Spec } from './spec';

const here = dirname(fileURLToPath(import.meta.url));
export const docsRoot = resolve(here, '..');
export const repoRoot = resolve(docsRoot, '../..');

export interface BuildResult {
  pages: Page[];
  search: SearchEntry[];
}

export function buildPortal(outDir = join(docsRoot, 'dist')): BuildResult {
  const spec = Spec.read(join(repoRoot, 'openapi/dist/openapi.json'));
  const operations = spec.operations();
  const guides = guideSlugs.map((slug) => {
    const rendered = renderMarkdown(readFileSync(join(docsRoot, 'guides', `${slug}.md`), 'utf8'));
    if (!rendered.title) throw new Error(`guides/${slug}.md has no "# " title`);
    return { slug, title: rendered.title, rendered };
  });
  const changelogPath = join(repoRoot, 'CHANGELOG.md');
  const changelog = renderMarkdown(existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : '# Changelog\n');
  const errors = errorEntries(spec, operations);
  const site: Site = {
    title: 'Solifyn API docs',
    version: spec.info.version,
    guides: guides.map(({ slug, title }) => ({ slug, title })),
    operations,
    tags: spec.tags.map((t) => t.name),
  };
  // Samples name the development server; the page script swaps in the origin it was served from.
  const baseUrl = spec.servers.find((s) => s.url.startsWith('http://localhost'))?.url ?? spec.servers[0]!.url;

  const pages: Page[] = [
    homePage(spec.info, site.guides, operations, spec.tags),
    ...guides.map((g) => prosePage(`guides/${g.slug}`, g.rendered, g.title, 'Guide')),
    ...operations.map((op) => referencePage(spec, op, baseUrl)),
    errorIndexPage(errors),
    ...errors.map(errorPage),
    prosePage('changelog', changelog, 'Changelog'),
    notFoundPage(),
  ];
  const search = searchEntries({ operations, guides, errors, changelog });

  rmSync(outDir, { recursive: true, force: true });
  for (const page of pages) {
    const file = join(outDir, `${page.path || 'index'}.html`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, layout(site, page).value);
  }
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  for (const asset of ['portal.css', 'portal.js', 'theme.js', 'favicon.svg']) {
    copyFileSync(join(docsRoot, 'assets', asset), join(outDir, 'assets', asset));
  }
  writeFileSync(join(outDir, 'assets/search-index.json'), JSON.stringify(search));
  return { pages, search };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { pages, search } = buildPortal();
  console.log(
    `docs portal: ${pages.length} pages, ${search.length} search entries in ${Date.now() - started} ms → apps/docs/dist/`,
  );
}
