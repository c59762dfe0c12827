import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { bundledSpecPath } from '../../src/spec';
import { type TestApi, testApi } from '../support/api';

const spec = JSON.parse(readFileSync(bundledSpecPath, 'utf8'));
const codes: string[] = spec.components.schemas.ProblemCode.enum;

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

async function get(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await api.app.request(path);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('docs portal served by the API', () => {
  it('/docs redirects to /docs/, which serves the overview without a key', async () => {
    const redirect = await get('/docs');
    expect([redirect.status, redirect.headers.get('location')]).toEqual([301, '/docs/']);
    const home = await get('/docs/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.text).toContain('Create a checkout session');
    expect(home.text).toContain('href="guides/quickstart"');
  });

  it('serves each page by its path, the assets with their types, and trailing slashes redirect', async () => {
    expect((await get('/docs/reference/createCheckoutSession')).text).toContain(
      'data-operation-id="createCheckoutSession"',
    );
    expect((await get('/docs/guides/webhooks')).text).toContain('<h1>Webhooks</h1>');
    expect((await get('/docs/changelog')).text).toContain('<h1>Changelog</h1>');
    for (const [path, type] of [
      ['/docs/assets/portal.css', 'text/css; charset=utf-8'],
      ['/docs/assets/portal.js', 'text/javascript; charset=utf-8'],
      ['/docs/assets/search-index.json', 'application/json; charset=utf-8'],
      ['/docs/assets/favicon.svg', 'image/svg+xml'],
    ] as const) {
      const res = await get(path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, type]);
    }
    const slash = await get('/docs/errors/');
    expect([slash.status, slash.headers.get('location')]).toEqual([301, '/docs/errors']);
  });

  it('has an entry for every ProblemCode at /docs/errors/<code>', async () => {
    for (const code of codes) {
      const res = await get(`/docs/errors/${code}`);
      expect([code, res.status]).toEqual([code, 200]);
      expect(res.text).toContain(`<code>${code}</code></h1>`);
    }
  });
});

describe('problem type URIs resolve to their entry', () => {
  it('the type of real problems, as the API returns them, is a page of this server explaining the code', async () => {
    const problems = await Promise.all([
      api.request('GET', '/v1/nothing-here'),
      api.request('GET', '/v1/products', { key: null }),
      api.request('POST', '/v1/checkout/create', { body: { productId: 'prod_7oQUIde2kLxV9a', quantity: 1000 } }),
      api.request('DELETE', '/v1/products'),
      api.request('GET', '/v1/products?limit=0'),
    ]);
    expect(problems.map((p) => p.body.code)).toEqual([
      'route_not_found',
      'missing_api_key',
      'validation_failed',
      'method_not_allowed',
      'validation_failed',
    ]);
    for (const { body } of problems) {
      expect(body.type).toBe(`http://localhost:3000/docs/errors/${body.code}`);
      const entry = await get(new URL(body.type).pathname);
      expect([body.code, entry.status]).toEqual([body.code, 200]);
      expect(entry.text).toContain(`data-error-code="${body.code}"`);
    }
  });

  it('DOCS_URL points them at the hosted portal, as the spec examples do (https://docs.solifyn.com/errors/<code>)', async () => {
    const hosted = await testApi({ DOCS_URL: 'https://docs.solifyn.com' });
    const res = await hosted.request('GET', '/v1/nothing-here');
    expect(res.body.type).toBe('https://docs.solifyn.com/errors/route_not_found');
    // Every problem example in the spec names the hosted portal and its own code.
    const examples: { code: string; type: string }[] = [];
    JSON.stringify(spec, (key, value) => {
      if (
        value &&
        typeof value === 'object' &&
        typeof value.code === 'string' &&
        typeof value.request_id === 'string'
      ) {
        examples.push(value);
      }
      return value;
    });
    expect(examples.length).toBeGreaterThan(20);
    for (const example of examples) expect(example.type).toBe(`https://docs.solifyn.com/errors/${example.code}`);
  });
});
