import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from '../src/config';

describe('loadConfig', () => {
  it('has defaults: port 3000, localhost public URL, DATA_DIR at the repo root, no DATABASE_URL', () => {
    // toMatchObject: other settings are added to Config by their owners and tested there.
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      dataDir: join(repoRoot, '.data'),
      databaseUrl: undefined,
    });
    expect(join(repoRoot, 'apps/api/src/config.ts')).toMatch(/apps\/api\/src\/config\.ts$/);
  });

  it('reads PORT, PUBLIC_URL (trailing slash dropped), DATA_DIR and DATABASE_URL', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://pay.example.com/',
      DATA_DIR: '/var/lib/solifyn',
      DATABASE_URL: 'postgres://u@db:5432/solifyn',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://pay.example.com',
      dataDir: '/var/lib/solifyn',
      databaseUrl: 'postgres://u@db:5432/solifyn',
    });
  });

  it('points problem types at the portal this server serves, unless DOCS_URL names another (trailing slash dropped)', () => {
    expect(loadConfig({}).docsUrl).toBe('http://localhost:3000/docs');
    expect(loadConfig({ PUBLIC_URL: 'https://pay.example.com/' }).docsUrl).toBe('https://pay.example.com/docs');
    expect(loadConfig({ DOCS_URL: 'https://docs.solifyn.com/' }).docsUrl).toBe('https://docs.solifyn.com');
    // The longest PUBLIC_URL still gets its /docs.
    const publicUrl = `https://example.com/${'a'.repeat(1004)}`;
    expect(loadConfig({ PUBLIC_URL: publicUrl }).docsUrl).toBe(`${publicUrl}/docs`);
  });

  it('resolves a relative DATA_DIR against the repo root, not the cwd', () => {
    expect(loadConfig({ DATA_DIR: 'tmp/data' }).dataDir).toBe(join(repoRoot, 'tmp/data'));
  });

  it('accepts the longest PUBLIC_URL and the largest rate-limit settings the spec bounds allow', () => {
    const publicUrl = `https://example.com/${'a'.repeat(1004)}`;
    expect(publicUrl).toHaveLength(1024);
    const config = loadConfig({
      PUBLIC_URL: publicUrl,
      RATE_LIMIT_REQUESTS: '1000000000',
      RATE_LIMIT_WINDOW_SECONDS: '86400',
    });
    expect(config.publicUrl).toBe(publicUrl);
    expect(config.rateLimit).toEqual({ requests: 1_000_000_000, windowSeconds: 86_400 });
  });

  it('has HTTP timeouts by default and reads REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS and KEEP_ALIVE_TIMEOUT_MS', () => {
    expect(loadConfig({}).http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5000,
    });
    expect(
      loadConfig({ REQUEST_TIMEOUT_MS: '60000', HEADERS_TIMEOUT_MS: '20000', KEEP_ALIVE_TIMEOUT_MS: '65000' }).http,
    ).toEqual({ requestTimeoutMs: 60_000, headersTimeoutMs: 20_000, keepAliveTimeoutMs: 65_000 });
    // A request timeout below the default headers timeout brings the headers timeout down with it.
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '2000' }).http).toMatchObject({ headersTimeoutMs: 2000 });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it('logs at info by default; LOG_LEVEL and LOG_FORMAT choose the level and pretty or JSON lines', () => {
    expect(loadConfig({}).log.level).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }).log).toEqual({ level: 'debug', pretty: false });
    expect(loadConfig({ LOG_LEVEL: 'silent', LOG_FORMAT: 'pretty' }).log).toEqual({ level: 'silent', pretty: true });
  });

  it('serves no metrics by default; METRICS_PORT on 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toBeNull();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics).toEqual({
      port: 9464,
      host: '10.0.0.5',
    });
  });
});
