/** Pages of text: guides, the overview, the changelog, the not-found page. */
import { type Html, html, raw } from '../html';
import { type Rendered, renderMarkdown } from '../markdown';
import type { Operation } from '../spec';
import { methodBadge, type NavGuide, type Page } from './layout';

function toc(rendered: Rendered): Html {
  const items = rendered.headings.filter((h) => h.depth === 2);
  if (items.length < 2) return html``;
  return html`<nav class="toc" aria-label="On this page"><div class="toc-title">On this page</div>${items.map(
    (h) => html`<a href="#${h.id}">${h.text}</a>`,
  )}</nav>`;
}

export function prosePage(path: string, rendered: Rendered, fallbackTitle: string, eyebrow?: string): Page {
  const title = rendered.title ?? fallbackTitle;
  return {
    path,
    title,
    layout: 'prose',
    body: html`<div class="prose-layout"><article class="prose">${eyebrow ? html`<div class="eyebrow">${eyebrow}</div>` : ''}<h1>${title}</h1>${raw(
      rendered.html,
    )}</article>${toc(rendered)}</div>`,
  };
}

export function homePage(
  info: { title: string; version: string; description: string },
  guides: NavGuide[],
  operations: Operation[],
  tags: { name: string; description: string }[],
): Page {
  const rendered = renderMarkdown(info.description);
  const body = html`<div class="prose-layout"><article class="prose home">
<h1>${info.title} <span class="version">v${info.version}</span></h1>
<div class="cards">
<a class="card" href="guides/quickstart"><strong>Quickstart</strong><span>Create your first checkout with the SDK in five minutes.</span></a>
<a class="card" href="reference/${operations[0]?.operationId ?? ''}"><strong>API reference</strong><span>Every operation, its fields, samples and a try-it panel.</span></a>
<a class="card" href="errors"><strong>Error reference</strong><span>Each error code: what it means and how to fix it.</span></a>
</div>
<h2 id="guides">Guides</h2>
<ul>${guides.map((g) => html`<li><a href="guides/${g.slug}">${g.title}</a></li>`)}</ul>
${raw(rendered.html)}
<h2 id="reference">API reference</h2>
${tags.map((tag) => {
  const ops = operations.filter((op) => op.tag === tag.name);
  return ops.length === 0
    ? ''
    : html`<h3 id="tag-${tag.name.toLowerCase()}">${tag.name}</h3><p>${tag.description}</p><ul class="op-list">${ops.map(
        (op) =>
          html`<li><a href="reference/${op.operationId}">${methodBadge(op)}<code>${op.path}</code> <span>${op.summary}</span></a></li>`,
      )}</ul>`;
})}
</article>${toc(rendered)}</div>`;
  return { path: '', title: 'Overview', layout: 'prose', body };
}

export function notFoundPage(): Page {
  return {
    path: '404',
    root: '/docs/',
    title: 'Page not found',
    layout: 'prose',
    body: html`<article class="prose"><h1>Page not found</h1><p>There is no page at this address. Try the search above, the <a href="/docs/">overview</a> or the <a href="/docs/errors">error reference</a>.</p></article>`,
  };
}
