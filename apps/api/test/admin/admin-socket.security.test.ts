import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminSocketPath, requestKeyViaSocket, startAdminSocket } from '../../src/admin-socket';
import { testDb } from '../support/db';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-admin-'));
  dirs.push(dir);
  return dir;
}

describe('admin socket exposure', () => {
  it('is a Unix socket readable and writable by the owner only', async () => {
    const dir = tempDir();
    const server = await startAdminSocket(await testDb(), { dataDir: dir });
    try {
      expect(server.path).toBe(adminSocketPath(dir));
      const st = statSync(server.path);
      expect(st.isSocket()).toBe(true);
      expect(st.mode & 0o777).toBe(0o600);
    } finally {
      await server.close();
    }
  });

  it('replaces a leftover socket file from a crashed server', async () => {
    const dir = tempDir();
    writeFileSync(adminSocketPath(dir), 'stale');
    const server = await startAdminSocket(await testDb(), { dataDir: dir });
    try {
      expect(statSync(server.path).isSocket()).toBe(true);
      await expect(requestKeyViaSocket(server.path, { mode: 'test' })).resolves.toMatchObject({ mode: 'test' });
    } finally {
      await server.close();
    }
  });

  it('refuses a socket path longer than the OS allows instead of truncating it', async () => {
    const dir = join(tempDir(), 'x'.repeat(100));
    await expect(startAdminSocket(await testDb(), { dataDir: dir })).rejects.toThrow(/too long/);
  });
});
