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

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });
});
