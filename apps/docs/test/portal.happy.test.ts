import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildResult, buildPortal, repoRoot } from '../src/build';
import { guideSlugs } from '../src/guides';
import { curlSample, testKeyPlaceholder } from '../src/samples';
import { Spec } from '../src/spec';

const spec = Spec.read(join(repoRoot, 'openapi/dist/openapi.json'));
const operations = spec.operations();
let out: string;
let built: BuildResult;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'solifyn-docs-'));
  built = buildPortal(out);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function page(path: string): string {
  return readFileSync(join(out, `${path || 'index'}.html`), 'utf8');
}

/** What a reader sees of some HTML (highlighted code is split into spans). */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('reference', () => {
  it('has a page per operation and webhook event, with the SDK sample and (for calls) curl in the right panel', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter((op) => op.kind === 'webhook').map((op) => op.path)).toEqual([
      'checkout.completed',
      'checkout.expired',
      'order.created',
      'order.refunded',
      'refund.created',
    ]);
    for (const op of operations) {
      const html = page(`reference/${op.operationId}`);
      const panel = html.slice(html.indexOf('<aside class="op-panel"'));
      expect(op.samples.length, op.operationId).toBeGreaterThan(0);
      expect(panel, op.operationId).toContain('>TypeScript SDK</button>');
      // The whole sample, line by line: nothing is cut.
      for (const line of op.samples[0]!.source.split('\n').filter((l) => l.trim())) {
        expect(text(panel), op.operationId).toContain(line);
      }
      if (op.kind === 'operation') expect(panel, op.operationId).toContain('>curl</button>');
      for (const response of op.responses) expect(html, op.operationId).toContain(`id="response-${response.status}"`);
    }
  });

  it('documents body fields as the published page does: type, required, default, constraints, example', () => {
    const html = page('reference/createCheckoutSession');
    const quantity = html.slice(html.indexOf('data-field="quantity"'), html.indexOf('data-field="discountCode"'));
    expect(quantity).toContain('number');
    expect(quantity).toContain('Default</span> <span class="fact-value"><code>1</code>');
    expect(quantity).toContain('1 ≤ value ≤ 100');
    expect(quantity).toContain('Example');
    const productId = html.slice(html.indexOf('data-field="productId"'));
    expect(productId.slice(0, 400)).toContain('badge-required');
    for (const name of [
      'productId',
      'currency',
      'quantity',
      'discountCode',
      'customPrice',
      'customerEmail',
      'checkoutData',
      'customFields',
      'aff',
      'checkoutId',
    ]) {
      expect(html).toContain(`data-field="${name}"`);
    }
    for (const name of ['id', 'session_id', 'checkout_url']) expect(html).toContain(`data-field="${name}"`);
  });

  it('documents webhook payloads: the event fields and each variant of data.object', () => {
    const html = page('reference/checkoutCompletedWebhook');
    expect(html).toContain('Event payload');
    for (const name of ['id', 'type', 'created_at', 'data', 'session_id', 'order_id'])
      expect(html).toContain(`data-field="${name}"`);
    expect(html).toContain('data-field="webhook-signature"');
  });

  it('generates curl from the first request example, with the test-key placeholder', () => {
    const create = operations.find((op) => op.operationId === 'createCheckoutSession')!;
    const curl = curlSample(create, 'http://localhost:3000');
    expect(curl).toContain("curl 'http://localhost:3000/v1/checkout/create'");
    expect(curl).toContain(`-H 'Authorization: Bearer ${testKeyPlaceholder}'`);
    const body = /-d '([\s\S]*)'$/.exec(curl)![1]!;
    expect(JSON.parse(body)).toEqual(create.requestBody!.examples[0]!.value);
    const retrieve = operations.find((op) => op.operationId === 'retrieveCheckoutSession')!;
    expect(curlSample(retrieve, 'http://localhost:3000')).toMatch(
      /^curl 'http:\/\/localhost:3000\/v1\/checkout\/[^{]+'/,
    );
    const health = operations.find((op) => op.operationId === 'getHealth')!;
    expect(curlSample(health, 'http://localhost:3000')).toBe("curl 'http://localhost:3000/healthz'");
  });
});

describe('error reference', () => {
  it('has an entry per ProblemCode, with the status the spec gives and the operations that return it', () => {
    for (const code of spec.problemCodes) {
      const html = page(`errors/${code}`);
      const entry = spec.problemCodeReference[code]!;
      expect(html).toContain(`<code>${code}</code></h1>`);
      expect(html).toContain(`>${entry.status}</span>`);
      expect(html).toContain('How to fix it');
      for (const op of operations.filter((o) => o.responses.some((r) => r.codes.includes(code)))) {
        expect(html, code).toContain(`href="../reference/${op.operationId}"`);
      }
    }
    expect(page('errors/route_not_found')).toContain('Any request');
  });

  it('agrees with the status list in the ProblemCode description', () => {
    const description = (spec.doc.components.schemas.ProblemCode.description as string).replace(/\s+/g, ' ');
    const byStatus = new Map<string, number>();
    for (const [, status, codes] of description.matchAll(/(\d{3}): ([a-z_, ]+)\./g)) {
      for (const code of codes!.split(',').map((c) => c.trim())) byStatus.set(code, Number(status));
    }
    for (const code of spec.problemCodes)
      expect([code, byStatus.get(code)]).toEqual([code, spec.problemCodeReference[code]!.status]);
  });
});

describe('guides, changelog and search', () => {
  it('renders every guide and the changelog', () => {
    for (const slug of guideSlugs) expect(page(`guides/${slug}`)).toContain('<article class="prose">');
    expect(text(page('guides/quickstart'))).toContain('solifyn.checkout.createSession(');
    expect(text(page('guides/webhooks'))).toContain("from 'standardwebhooks'");
    expect(text(page('guides/webhooks'))).toContain('solifyn.webhooks.verify(');
    const changelog = page('changelog');
    expect(changelog).toContain('<h1>Changelog</h1>');
    expect(changelog).toContain('id="unreleased"');
  });

  it('indexes the reference, every guide, every error code and the changelog for search', () => {
    const index = JSON.parse(readFileSync(join(out, 'assets/search-index.json'), 'utf8')) as {
      url: string;
      kind: string;
    }[];
    expect(index).toEqual(built.search);
    for (const op of operations) expect(index.some((e) => e.url === `reference/${op.operationId}`)).toBe(true);
    for (const slug of guideSlugs) expect(index.some((e) => e.url.startsWith(`guides/${slug}`))).toBe(true);
    for (const code of spec.problemCodes) expect(index.some((e) => e.url === `errors/${code}`)).toBe(true);
    expect(index.some((e) => e.kind === 'Changelog')).toBe(true);
  });
});

describe('self-contained', () => {
  it('loads nothing from another origin and every relative link leads to a built page, anchor or asset', () => {
    const broken: string[] = [];
    for (const p of built.pages) {
      const html = page(p.path);
      // Resources the browser fetches by itself: only relative or same-origin absolute paths.
      for (const [, attr] of html.matchAll(
        /<(?:link|script|img|iframe|source|video|audio)\b[^>]*?\b(?:href|src)="([^"]*)"/g,
      )) {
        if (/^(?:[a-z]+:)?\/\//i.test(attr!) || (attr!.startsWith('data:') === false && /^[a-z]+:/i.test(attr!)))
          broken.push(`${p.path}: loads ${attr}`);
      }
      expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/);
      if (p.root) continue; // the not-found page links from /docs/
      const base = new URL(`http://portal/docs/${p.path}`);
      for (const [, href] of html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"/g)) {
        if (/^(?:https?:|mailto:)/.test(href!) || href === '/openapi.json') continue;
        const target = new URL(href!.replace(/&amp;/g, '&'), base);
        const path = target.pathname.replace(/^\/docs\/?/, '');
        const file = join(out, path.includes('.') ? path : `${path || 'index'}.html`);
        if (!existsSync(file)) {
          broken.push(`${p.path}: link ${href}`);
          continue;
        }
        if (target.hash && !path.includes('.')) {
          const id = decodeURIComponent(target.hash.slice(1));
          if (!readFileSync(file, 'utf8').includes(`id="${id}"`)) broken.push(`${p.path}: anchor ${href}`);
        }
      }
    }
    for (const css of ['assets/portal.css']) expect(readFileSync(join(out, css), 'utf8')).not.toMatch(/https?:\/\//);
    expect(readFileSync(join(out, 'assets/portal.js'), 'utf8')).not.toMatch(/https?:\/\/(?!localhost:3000)/);
    expect(broken).toEqual([]);
  });
});
