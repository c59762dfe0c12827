import { beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await testApi();
});

describe('docs portal: security', () => {
  it('no path reaches a file outside the built portal', async () => {
    for (const path of [
      '/docs/../package.json',
      '/docs/%2e%2e/%2e%2e/package.json',
      '/docs/..%2f..%2fpackage.json',
      '/docs/assets/../../src/app.ts',
      '/docs/%2e%2e%2f%2e%2e%2f.env',
      '/docs/index.html',
      '/docs/errors/validation_failed.html',
    ]) {
      const res = await api.app.request(path);
      const text = await res.text();
      expect([path, res.status === 200 && !text.includes('<!doctype html>')]).toEqual([path, false]);
      expect(text).not.toContain('"name": "@solifyn');
      expect(text).not.toContain('createApp');
    }
  });

  it('every page is served with a CSP that allows only this origin and no inline code, and no framing', async () => {
    const res = await api.app.request('/docs/reference/createCheckoutSession');
    const csp = res.headers.get('content-security-policy')!;
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    // No inline script or style for the CSP to refuse.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle="|\son[a-z]+="/);
  });
});
