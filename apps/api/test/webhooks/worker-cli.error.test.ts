import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, type DataDirLock } from '../../src/store/lock';

const apiRoot = fileURLToPath(new URL('../../', import.meta.url));

function runWorker(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/webhooks/main.ts'], {
      cwd: apiRoot,
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

let dir: string | undefined;
let lock: DataDirLock | undefined;

afterEach(() => {
  lock?.release();
  if (dir) rmSync(dir, { recursive: true, force: true });
  lock = dir = undefined;
});

describe('standalone webhook worker (error)', () => {
  it('refuses, explaining why, while the server holds the embedded data directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'solifyn-worker-'));
    lock = acquireDataDirLock(dir); // what a running server holds
    const result = await runWorker({ DATA_DIR: dir, DATABASE_URL: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Cannot start the webhook worker: Data directory ${dir} is in use by another process (pid ${process.pid})`,
    );
    expect(result.stderr).toContain('The standalone worker is for PostgreSQL deployments (set DATABASE_URL)');
  });

  it('refuses a bad WEBHOOK_* setting with one line naming it', async () => {
    const result = await runWorker({ DATABASE_URL: '', DATA_DIR: '/nonexistent', WEBHOOK_RETRY_SCHEDULE: '5,10' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Cannot start the webhook worker: WEBHOOK_RETRY_SCHEDULE: /);
  });
});
