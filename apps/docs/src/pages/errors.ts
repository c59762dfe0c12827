import type { ErrorEntry } from '../errors';
import { html, raw } from '../html';
import { codeBlock, renderInline } from '../markdown';
import { statusText } from '../status';
import { methodBadge, type Page } from './layout';

export function errorPage(entry: ErrorEntry): Page {
  const body = html`<article class="prose error-entry" data-error-code="${entry.code}">
<div class="eyebrow"><a href="../errors">Error reference</a></div>
<h1><code>${entry.code}</code></h1>
<p class="error-status"><span class="status status-${String(entry.status)[0]}xx">${entry.status}</span> ${statusText(entry.status)}</p>
<h2 id="meaning">What it means</h2>
<p>${raw(renderInline(entry.meaning))}</p>
<h2 id="fix">How to fix it</h2>
<p>${raw(renderInline(entry.fix))}</p>
<h2 id="returned-by">Returned by</h2>
${
  entry.anyRequest
    ? html`<p>Any request: it is answered by the HTTP layer, before an operation is chosen.</p>`
    : html`<ul class="op-list">${entry.operations.map(
        (op) =>
          html`<li><a href="../reference/${op.operationId}">${methodBadge(op)}<code>${op.path}</code> <span>${op.summary}</span></a></li>`,
      )}</ul>`
}
<h2 id="example">Example</h2>
<p>The response body is a problem document (<code>application/problem+json</code>, RFC 9457); its <code>type</code> is the address of this page.</p>
${raw(codeBlock(JSON.stringify(entry.example, null, 2), 'json'))}
</article>`;
  return {
    path: `errors/${entry.code}`,
    title: `${entry.code} (${entry.status})`,
    description: entry.meaning.replace(/`/g, ''),
    layout: 'prose',
    body,
  };
}

export function errorIndexPage(entries: ErrorEntry[]): Page {
  const statuses = [...new Set(entries.map((e) => e.status))].sort((a, b) => a - b);
  const body = html`<article class="prose">
<h1>Error reference</h1>
<p>Every error is a problem document (<code>application/problem+json</code>, RFC 9457) with a stable <code>code</code>. Its <code>type</code> is the address of the code's entry here: <code>https://docs.solifyn.com/errors/&lt;code&gt;</code> from the hosted API, <code>&lt;PUBLIC_URL&gt;/docs/errors/&lt;code&gt;</code> from a server you run. Codes are never renamed or reused; new ones may be added. The <a href="guides/errors">errors guide</a> shows how to handle them with the SDK.</p>
${statuses.map(
  (status) => html`<h2 id="status-${status}">${status} ${statusText(status)}</h2>
<div class="table"><table><thead><tr><th>Code</th><th>What it means</th></tr></thead><tbody>${entries
    .filter((e) => e.status === status)
    .map(
      (e) =>
        html`<tr><td><a href="errors/${e.code}"><code>${e.code}</code></a></td><td>${raw(renderInline(e.meaning))}</td></tr>`,
    )}</tbody></table></div>`,
)}
</article>`;
  return { path: 'errors', title: 'Error reference', layout: 'prose', body };
}
