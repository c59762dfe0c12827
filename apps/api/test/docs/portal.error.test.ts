import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerDocsPortal } from '../../src/docs/portal';
import type { AppEnv } from '../../src/http/env';
import { type TestApi, testApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('docs portal: what is not there', () => {
  it("an unknown page or error code gets the portal's not-found page with 404", async () => {
    for (const path of [
      '/docs/nothing',
      '/docs/errors/no_such_code',
      '/docs/reference/deleteEverything',
      '/docs/assets/x.js',
    ]) {
      const res = await api.app.request(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('Page not found');
    }
  });

  it("another method than GET is the API's 404 route_not_found problem", async () => {
    const res = await api.request('POST', '/docs/errors/validation_failed', { key: null, body: {} });
    expect([res.status, res.body.code]).toEqual([404, 'route_not_found']);
  });

  it('says how to build the portal when it has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'solifyn-no-docs-'));
    try {
      const app = new Hono<AppEnv>();
      registerDocsPortal(app, empty);
      const res = await app.request('/docs/');
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('pnpm --filter @solifyn/docs build');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
