import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBase62 } from '../domain/ids';

export const LOCK_FILE = 'solifyn.lock';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`Data directory ${dataDir} is in use by another process (pid ${pid}); only one process may open it`);
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * Exclusive lock on an embedded data directory: `solifyn.lock` created with O_EXCL, holding "<pid>\n<token>\n".
 * A lock whose pid is alive is refused; a stale one (dead pid) is taken over.
 * Released by `release()` or, as a last resort, when the process exits.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const content = `${process.pid}\n${randomBase62(16)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, content)) return heldLock(path, content);
    const existing = readLock(path);
    if (existing === undefined) continue; // vanished between our open and read: retry
    if (existing.pid !== undefined && isAlive(existing.pid)) throw new DataDirInUseError(dataDir, existing.pid);
    takeOverStale(path, existing.raw);
  }
  // Only reachable when other processes keep racing us for a stale lock.
  const holder = readLock(path)?.pid ?? -1;
  throw new DataDirInUseError(dataDir, holder);
}

function heldLock(path: string, content: string): DataDirLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Never delete a lock someone else now owns.
    if (readLock(path)?.raw === content) {
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  };
  process.on('exit', release);
  return { path, release };
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): { raw: string; pid: number | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const first = raw.split('\n', 1)[0] ?? '';
  const pid = /^\d+$/.test(first) ? Number(first) : undefined;
  // An empty/garbled file comes from a writer that died between create and write: treat it as stale.
  return { raw, pid };
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside atomically, then checks that what we moved is the stale file we inspected; if a
 * competitor replaced it in between, its fresh lock is put back (link fails rather than clobbering).
 */
function takeOverStale(path: string, staleRaw: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBase62(8)}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== staleRaw) {
    try {
      linkSync(aside, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  unlinkSync(aside);
}
