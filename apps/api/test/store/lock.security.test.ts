import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate';
import { openDb } from '../../src/store/open';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, type DataDirLock } from '../../src/store/lock';
import { createDataDirFromTemplate, testEngine } from '../support/db';

const dirs: string[] = [];
const locks: DataDirLock[] = [];
afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-lock-'));
  dirs.push(dir);
  return dir;
}

function hold(dir: string): DataDirLock {
  const lock = acquireDataDirLock(dir);
  locks.push(lock);
  return lock;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

// The lock is about the embedded engine's data dir; no need to run it twice.
describe.runIf(testEngine() === 'pglite')('data dir lock', () => {
  it('writes our pid, refuses a second opener while held, and is released', () => {
    const dir = tempDir();
    const lock = hold(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n')[0]).toBe(String(process.pid));
    const err = (() => {
      try {
        acquireDataDirLock(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect(err).toMatchObject({ dataDir: dir, pid: process.pid });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    hold(dir);
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\nold-token\n`);
    hold(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n')[0]).toBe(String(process.pid));
  });

  it('treats an empty or garbled lock file as stale', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), '');
    hold(dir).release();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    hold(dir);
  });

  it('refuses when the holder is another live process', () => {
    const dir = tempDir();
    // pid 1 always exists (and may not be ours to signal: EPERM still means alive).
    writeFileSync(join(dir, LOCK_FILE), '1\nsomeone-else\n');
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUseError);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1\nsomeone-else\n');
  });

  it('release never deletes a lock that someone else now holds', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    writeFileSync(join(dir, LOCK_FILE), '1\nnew-owner\n');
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('1\nnew-owner\n');
  });

  it('openDb refuses a data dir that is already open, and frees it on close', async () => {
    const dir = tempDir();
    await createDataDirFromTemplate(dir);
    const first = await openDb({ dataDir: dir, databaseUrl: undefined });
    try {
      await expect(openDb({ dataDir: dir, databaseUrl: undefined })).rejects.toThrow(DataDirInUseError);
      expect(await first.query('select count(*) as n from schema_migrations')).toEqual([
        { n: loadMigrations().length },
      ]);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDb({ dataDir: dir, databaseUrl: undefined });
    await again.close();
  });
});
