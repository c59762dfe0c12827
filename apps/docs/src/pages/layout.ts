import { type Html, html } from '../html';
import type { Operation } from '../spec';

export interface NavGuide {
  slug: string;
  title: string;
}

export interface Site {
  title: string;
  version: string;
  guides: NavGuide[];
  operations: Operation[];
  tags: string[];
}

export interface Page {
  /** The page's path below the portal root, without extension: '' (home), 'guides/quickstart', 'errors/x'. */
  path: string;
  title: string;
  description?: string;
  /** `wide`: three columns (reference); `prose`: text with an on-page table of contents. */
  layout: 'wide' | 'prose';
  body: Html;
  /** The portal root as seen from the page, when it cannot be relative (the not-found page, served at any path). */
  root?: string;
}

/** The relative prefix from a page to the portal root, so the portal works under /docs and on a host of its own. */
export function rootOf(path: string): string {
  return '../'.repeat(path.split('/').length - 1);
}

export function methodBadge(op: Operation): Html {
  const label = op.kind === 'webhook' ? 'EVENT' : op.method;
  return html`<span class="method method-${label.toLowerCase()}">${label}</span>`;
}

function navLink(root: string, current: string, path: string, label: Html | string): Html {
  return html`<a href="${root}${path}"${current === path ? html` aria-current="page"` : ''}>${label}</a>`;
}

function nav(site: Site, page: Page, root: string): Html {
  return html`<nav id="sidebar" class="sidebar" aria-label="Documentation">
<div class="nav-group"><div class="nav-title">Get started</div>
${navLink(root, page.path, '', 'Overview')}
${site.guides.map((g) => navLink(root, page.path, `guides/${g.slug}`, g.title))}
</div>
<div class="nav-group"><div class="nav-title">API reference</div>
${site.tags.map((tag) => {
  const ops = site.operations.filter((op) => op.tag === tag);
  return ops.length === 0
    ? ''
    : html`<div class="nav-sub">${tag}</div>${ops.map((op) =>
        navLink(root, page.path, `reference/${op.operationId}`, html`${methodBadge(op)}<span>${op.summary}</span>`),
      )}`;
})}
</div>
<div class="nav-group"><div class="nav-title">More</div>
${navLink(root, page.path, 'errors', 'Error reference')}
${navLink(root, page.path, 'changelog', 'Changelog')}
<a href="/openapi.json">OpenAPI document</a>
</div>
</nav>`;
}

export function layout(site: Site, page: Page): Html {
  const root = page.root ?? rootOf(page.path);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${site.title}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}assets/portal.css">
<script src="${root}assets/theme.js"></script>
<script src="${root}assets/portal.js" defer></script>
</head>
<body data-root="${root}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
<button type="button" class="icon-button menu-toggle" aria-controls="sidebar" aria-expanded="false" aria-label="Menu">☰</button>
<a class="brand" href="${root}"><span class="logo" aria-hidden="true">S</span><span>Solifyn</span><span class="brand-sub">API docs</span></a>
<span class="version">v${site.version}</span>
<div class="search" role="search">
<input type="search" id="search" placeholder="Search docs" aria-label="Search the reference, guides and errors" autocomplete="off" spellcheck="false">
<kbd class="search-key">/</kbd>
<div id="search-results" class="search-results" hidden></div>
</div>
<button type="button" class="icon-button theme-toggle" aria-label="Switch between light and dark mode" title="Light or dark">◐</button>
</header>
<div class="shell">
${nav(site, page, root)}
<main id="main" class="main main-${page.layout}">
${page.body}
</main>
</div>
</body>
</html>
`;
}
