import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APIClient, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../../src/core/api-client';
import { readEnv } from '../../src/core/env';
import { SolifynError } from '../../src/core/errors';
import { VERSION } from '../../src/version';
import { json, scriptedFetch } from '../helpers/scripted-fetch';
import { type paths, widget, widgetClient } from '../helpers/widgets-api';
import pkg from '../../package.json';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('client options', () => {
  it('throws a clear SolifynError at construction when no API key is given or set', () => {
    vi.stubEnv('SOLIFYN_API_KEY', '');
    expect(() => new APIClient<paths>({})).toThrow(SolifynError);
    expect(() => new APIClient<paths>({})).toThrow(/SOLIFYN_API_KEY/);
  });

  it('reads SOLIFYN_API_KEY and SOLIFYN_BASE_URL from the environment', async () => {
    vi.stubEnv('SOLIFYN_API_KEY', 'sk_test_from_env');
    vi.stubEnv('SOLIFYN_BASE_URL', 'http://localhost:3000');
    const { fetch, calls } = scriptedFetch(json(200, widget('w1')));
    const client = new APIClient<paths>({ fetch });
    expect(client.baseUrl).toBe('http://localhost:3000');
    await client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    expect(calls[0]?.url.href).toBe('http://localhost:3000/v1/widgets/w1');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk_test_from_env');
  });

  it('defaults to the production URL, 60 s timeout and 2 retries', () => {
    vi.stubEnv('SOLIFYN_BASE_URL', '');
    const client = new APIClient<paths>({ apiKey: 'sk_test_x' });
    expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URL).toBe('https://api.solifyn.com');
    expect(client.timeout).toBe(DEFAULT_TIMEOUT_MS);
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
    expect(client.maxRetries).toBe(DEFAULT_MAX_RETRIES);
    expect(DEFAULT_MAX_RETRIES).toBe(2);
  });

  it('does not crash when `process` does not exist (browsers, workers)', () => {
    vi.stubGlobal('process', undefined);
    const value = readEnv('SOLIFYN_API_KEY');
    vi.unstubAllGlobals();
    expect(value).toBeUndefined();
  });

  it('rejects a negative timeout or maxRetries', () => {
    expect(() => widgetClient({ timeout: -1 })).toThrow(SolifynError);
    expect(() => widgetClient({ maxRetries: Number.NaN })).toThrow(SolifynError);
  });

  it('sends auth, Accept, Solifyn-SDK and default headers; per-call headers win and null removes', async () => {
    const { fetch, calls } = scriptedFetch(json(200, widget('w1')), json(200, widget('w1')));
    const client = widgetClient({ fetch, defaultHeaders: { 'X-Team': 'growth' } });
    await client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    const headers = calls[0]!.headers;
    expect(headers.get('authorization')).toBe('Bearer sk_test_fixture');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('solifyn-sdk')).toBe(`typescript/${VERSION}`);
    expect(headers.get('solifyn-sdk-version')).toBe(VERSION);
    expect(headers.get('user-agent')).toBe(`solifyn-node/${VERSION}`);
    expect(headers.get('x-team')).toBe('growth');

    await client.get(
      '/v1/widgets/{widgetId}',
      { path: { widgetId: 'w1' } },
      { headers: { 'X-Team': null, 'X-Extra': '1' } },
    );
    expect(calls[1]!.headers.has('x-team')).toBe(false);
    expect(calls[1]!.headers.get('x-extra')).toBe('1');
  });

  it('serialises path, query and JSON body through openapi-fetch', async () => {
    const { fetch, calls } = scriptedFetch(
      json(201, widget('w1')),
      json(200, { data: [], has_more: false, next_cursor: null }),
      json(200, widget('a/b')),
    );
    const client = widgetClient({ fetch });
    await client.post('/v1/widgets', { body: { displayName: 'Blue', customFields: { userId: 'u1' } } });
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.body).toEqual({ displayName: 'Blue', customFields: { userId: 'u1' } });

    await client.list('/v1/widgets', { query: { limit: 5, color: 'blue green' } });
    expect(calls[1]?.url.search).toBe('?limit=5&color=blue%20green');

    await client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'a/b' } });
    expect(calls[2]?.url.pathname).toBe('/v1/widgets/a%2Fb');
  });

  it('uses a fetch installed on globalThis after construction when none is passed', async () => {
    const client = widgetClient({});
    const { fetch, calls } = scriptedFetch(json(200, widget('w1')));
    vi.stubGlobal('fetch', fetch);
    await client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    expect(calls).toHaveLength(1);
  });

  it('takes VERSION from package.json, and the build inlines it (no package.json read at run time)', () => {
    expect(VERSION).toBe(pkg.version);
    for (const file of ['../../dist/index.js', '../../dist/index.cjs']) {
      const bundle = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(bundle).toContain(JSON.stringify(pkg.version));
      expect(bundle).not.toMatch(/(from|require\()\s*["'][^"']*package\.json/);
    }
  });

  it('sends its version over a real socket too: Node fetch keeps the User-Agent it is given', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ...widget('w1'), seen: [req.headers['user-agent'], req.headers['solifyn-sdk-version']] }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = widgetClient({ baseUrl: `http://127.0.0.1:${port}` });
      const body = (await client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } })) as unknown as {
        seen: string[];
      };
      expect(body.seen).toEqual([`solifyn-node/${VERSION}`, VERSION]);
    } finally {
      server.close();
    }
  });
});
