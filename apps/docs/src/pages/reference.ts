/** One page per operation: what to send and what comes back in the middle, samples and examples on the right. */
import { field, fieldList } from '../fields';
import { type Html, html, raw } from '../html';
import { codeBlock, renderInline, renderMarkdown } from '../markdown';
import { curlSample } from '../samples';
import type { Example, Operation, Parameter, ResponseModel, Spec } from '../spec';
import { statusText } from '../status';
import { methodBadge, type Page } from './layout';

function parameterSection(spec: Spec, title: string, params: Parameter[]): Html {
  if (params.length === 0) return html``;
  return html`<section class="op-section"><h2>${title}</h2><div class="fields">${params.map((p) =>
    field(spec, p.name, p.schema, {
      required: p.required,
      depth: 0,
      seen: [],
      description: p.description,
      example: p.example,
    }),
  )}</div></section>`;
}

/** Tabs whose panels the page script switches; without script every panel stays visible. */
export function tabs(name: string, items: { id: string; label: string; body: Html }[]): Html {
  return html`<div class="tabs" data-tabs="${name}">
<div class="tab-list" role="tablist">${items.map(
    (item, i) =>
      html`<button type="button" role="tab" id="tab-${name}-${item.id}" aria-controls="panel-${name}-${item.id}" aria-selected="${i === 0 ? 'true' : 'false'}" data-tab="${item.id}">${item.label}</button>`,
  )}</div>
${items.map(
  (item) =>
    html`<div class="tab-panel" role="tabpanel" id="panel-${name}-${item.id}" aria-labelledby="tab-${name}-${item.id}" data-panel="${item.id}">${item.body}</div>`,
)}
</div>`;
}

function examplesBlock(examples: Example[]): Html {
  return html`${examples.map(
    (e) =>
      html`${examples.length > 1 ? html`<div class="example-title">${e.summary}</div>` : ''}${raw(
        codeBlock(JSON.stringify(e.value, null, 2), 'json'),
      )}`,
  )}`;
}

function statusClass(status: string): string {
  return `status status-${status[0]}xx`;
}

function responseSection(spec: Spec, op: Operation, response: ResponseModel, index: number): Html {
  const success = response.status.startsWith('2');
  return html`<details class="response" id="response-${response.status}"${success && index === 0 ? ' open' : ''}>
<summary><span class="${statusClass(response.status)}">${response.status}</span> <span class="response-title">${statusText(response.status)}</span>${
    response.contentType ? html` <span class="muted">${response.contentType}</span>` : ''
  }</summary>
<div class="response-body">
<div class="prose">${raw(renderMarkdown(response.description).html)}</div>
${
  response.codes.length > 0
    ? html`<div class="codes"><span class="fact-label">Codes</span> ${response.codes.map(
        (code, i) => html`${i > 0 ? ' ' : ''}<a class="code-link" href="../errors/${code}"><code>${code}</code></a>`,
      )}</div>`
    : ''
}
${
  response.headers.length > 0
    ? html`<h3>Headers</h3><div class="fields">${response.headers.map((h) =>
        field(spec, h.name, h.schema, { required: false, depth: 0, seen: [], description: h.description }),
      )}</div>`
    : ''
}
${
  response.schema && success
    ? html`<h3>Body</h3>${fieldList(spec, response.schema)}`
    : response.schema
      ? html`<p class="muted">Body: a <a href="../errors">problem document</a> (<code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>code</code>, <code>request_id</code>, <code>errors</code>).</p>`
      : ''
}
</div>
</details>`;
}

function tryIt(op: Operation): Html {
  if (op.kind === 'webhook') return html``;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const body = op.requestBody?.examples[0]?.value;
  const idempotent =
    op.method === 'POST' && op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
  return html`<section class="op-section try-it" id="try-it" data-try-it data-method="${op.method}" data-path="${op.path}" data-auth="${op.authenticated ? 'true' : 'false'}">
<h2>Try it</h2>
<p class="muted">Sends this request from your browser to the server this page came from. ${
    op.authenticated
      ? html`Paste a <strong>test</strong> secret key (<code>sk_test_…</code>, printed by <code>pnpm start</code>): live keys are refused by this page. The key stays in this tab (session storage) and goes only into the <code>Authorization</code> header.`
      : 'No key needed.'
  }</p>
<form class="try-form" data-try-form autocomplete="off" novalidate>
${
  op.authenticated
    ? html`<label class="try-field"><span>Test secret key</span><input type="password" data-try-key autocomplete="off" spellcheck="false" placeholder="sk_test_…"></label>
<p class="try-error" data-try-error role="alert" hidden></p>`
    : ''
}
${pathParams.map(
  (p) =>
    html`<label class="try-field"><span>${p.name} <span class="muted">path</span></span><input data-try-path="${p.name}" value="${
      p.example === undefined ? '' : String(p.example)
    }" spellcheck="false"></label>`,
)}
${queryParams.map(
  (p) =>
    html`<label class="try-field"><span>${p.name} <span class="muted">query</span></span><input data-try-query="${p.name}" placeholder="${
      p.schema.default === undefined ? '' : String(p.schema.default)
    }" spellcheck="false"></label>`,
)}
${
  idempotent
    ? html`<label class="try-field"><span>Idempotency-Key <span class="muted">optional header</span></span><input data-try-header="Idempotency-Key" spellcheck="false"></label>`
    : ''
}
${
  body !== undefined
    ? html`<label class="try-field"><span>Body <span class="muted">${op.requestBody!.contentType}</span></span><textarea data-try-body rows="${Math.min(
        16,
        JSON.stringify(body, null, 2).split('\n').length + 1,
      )}" spellcheck="false">${JSON.stringify(body, null, 2)}</textarea></label>`
    : ''
}
<button type="submit" class="button" data-try-send>Send request</button>
</form>
<div class="try-result" data-try-result hidden aria-live="polite">
<div class="try-status" data-try-status></div>
<details class="try-headers"><summary>Response headers</summary><pre data-try-headers></pre></details>
<pre class="try-body" data-try-response></pre>
</div>
</section>`;
}

export function referencePage(spec: Spec, op: Operation, baseUrl: string): Page {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const sdk = op.samples.find((s) => s.lang === 'TypeScript');
  const sampleTabs = [
    ...(sdk ? [{ id: 'typescript', label: 'TypeScript SDK', body: raw(codeBlock(sdk.source, 'ts')) }] : []),
    ...(op.kind === 'operation'
      ? [{ id: 'curl', label: 'curl', body: raw(codeBlock(curlSample(op, baseUrl), 'bash')) }]
      : []),
  ];
  const responsesWithExamples = op.responses.filter((r) => r.examples.length > 0);
  const body = html`<article class="operation" data-operation-id="${op.operationId}">
<div class="op-main">
<header class="op-header">
<div class="eyebrow">${op.tag}${op.kind === 'webhook' ? ' · webhook event' : ''}</div>
<h1>${op.summary}</h1>
<div class="op-path">${methodBadge(op)}<code>${op.kind === 'webhook' ? `${op.method} your endpoint · ${op.path}` : op.path}</code></div>
<div class="prose">${raw(renderMarkdown(op.description).html)}</div>
</header>
<div class="op-details">
${
  op.kind === 'webhook'
    ? html`<p class="muted">Solifyn sends this request to each of your webhook endpoints subscribed to <code>${op.path}</code>. See the <a href="../guides/webhooks">webhooks guide</a> for retries and signature verification.</p>`
    : ''
}
${tryIt(op)}
${
  op.authenticated
    ? html`<section class="op-section"><h2>Authorization</h2><div class="fields"><div class="field"><div class="field-head"><code class="field-name">Authorization</code> <span class="field-type">string</span> <span class="badge badge-required">required</span></div><div class="field-desc">${raw(
        renderInline(
          "`Bearer sk_test_…` (test mode) or `Bearer sk_live_…` (live mode). The key's mode scopes every object it can see.",
        ),
      )}</div></div></div></section>`
    : ''
}
${parameterSection(spec, 'Path parameters', pathParams)}
${parameterSection(spec, 'Query parameters', queryParams)}
${parameterSection(spec, op.kind === 'webhook' ? 'Headers Solifyn sends' : 'Headers', headerParams)}
${
  op.requestBody
    ? html`<section class="op-section"><h2>${op.kind === 'webhook' ? 'Event payload' : 'Body'}</h2><div class="muted">${op.requestBody.contentType}${
        op.requestBody.required ? ' · required' : ''
      }</div>${fieldList(spec, op.requestBody.schema)}</section>`
    : ''
}
<section class="op-section"><h2>${op.kind === 'webhook' ? 'Your response' : 'Responses'}</h2>
${op.responses.map((r, i) => responseSection(spec, op, r, i))}
</section>
</div>
</div>
<aside class="op-panel" aria-label="Samples and examples">
${sampleTabs.length > 0 ? html`<div class="panel-card">${tabs('sample', sampleTabs)}</div>` : ''}
${
  op.requestBody && op.requestBody.examples.length > 0
    ? html`<div class="panel-card"><div class="panel-title">${op.kind === 'webhook' ? 'Event example' : 'Request example'}</div>${
        op.requestBody.examples.length > 1
          ? tabs(
              'request',
              op.requestBody.examples.map((e) => ({ id: e.name, label: e.summary, body: examplesBlock([e]) })),
            )
          : examplesBlock(op.requestBody.examples)
      }</div>`
    : ''
}
${
  responsesWithExamples.length > 0
    ? html`<div class="panel-card"><div class="panel-title">Response examples</div>${tabs(
        'response',
        responsesWithExamples.map((r) => ({ id: r.status, label: r.status, body: examplesBlock(r.examples) })),
      )}</div>`
    : ''
}
</aside>
</article>`;
  return {
    path: `reference/${op.operationId}`,
    title: op.summary,
    description: renderInline(op.description.split('\n')[0] ?? '').replace(/<[^>]+>/g, ''),
    layout: 'wide',
    body,
  };
}
