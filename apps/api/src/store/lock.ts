import { closeSync, constants, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { flockSync } from 'fs-ext';

export const LOCK_FILE = 'solifyn.lock';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    /** The holder's pid as it wrote it into the lock file, for the operator; undefined if not (yet) readable. */
    readonly pid: number | undefined,
  ) {
    super(
      `Data directory ${dataDir} is in use by another process${pid === undefined ? '' : ` (pid ${pid})`}; ` +
        'only one process may open it',
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * Exclusive lock on an embedded data directory: flock(2) LOCK_EX | LOCK_NB on DATA_DIR/solifyn.lock.
 *
 * Why flock and nothing else: the kernel grants it atomically and drops it when the holder's last descriptor
 * closes, which happens however the holder dies (exit, crash, SIGKILL, OOM kill) before its pid can even become a
 * zombie. So nothing about the lock is ever stale, and nothing has to decide whether it is:
 * - A pid file ("is a process with this pid alive?") misfires both ways: a killed server's pid lingers in the
 *   process table (zombie) and blocks the supervisor's immediate restart, and after a reboot the pid can belong
 *   to an unrelated process and block the directory for good.
 * - A listening Unix socket (connect succeeds = held, ECONNREFUSED = stale) must unlink a stale socket before
 *   binding anew, and "unlink, then bind" is not atomic: two processes starting at once can both see it stale,
 *   both unlink, both bind, and both run. A socket that is bound but not yet listening also refuses connections.
 * - fcntl(2) record locks are per process: a second open in the same process would succeed, and closing any other
 *   descriptor of the file (even one opened by a library) silently drops the lock.
 * flock locks belong to the open file description: a second open, in this process or any other, is refused. Node
 * opens files close-on-exec, so no child process inherits the lock.
 *
 * The file is never deleted: unlinking a flock'ed file lets a process that opened the old inode and one that
 * creates a new one hold "the" lock at the same time. Its content — the holder's pid — is for the error message
 * only and never consulted; a file left by a dead process, or by an older release naming any pid, is simply
 * locked anew.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const fd = openLockFile(path);
  try {
    flockSync(fd, 'exnb');
  } catch (err) {
    closeSync(fd);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') throw new DataDirInUseError(dataDir, readHolderPid(path));
    throw err;
  }
  try {
    ftruncateSync(fd, 0);
    writeSync(fd, `${process.pid}\n`, 0);
  } catch (err) {
    closeSync(fd);
    throw err;
  }

  let held = true;
  return {
    path,
    release(): void {
      if (!held) return;
      held = false;
      try {
        ftruncateSync(fd, 0); // still ours until the close below
      } finally {
        closeSync(fd);
      }
    },
  };
}

function openLockFile(path: string): number {
  try {
    // O_NOFOLLOW: never truncate whatever a symlink planted in the data dir points to.
    return openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new Error(`Lock file ${path} is a symbolic link; refusing to follow it`, { cause: err });
    }
    throw err;
  }
}

/**
 * The pid the holder wrote. It writes it right after taking the lock, so an empty file means we looked in that
 * instant: look again for up to ~100 ms (this runs only on the refusal path).
 */
function readHolderPid(path: string): number | undefined {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 20; attempt++) {
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    if (raw !== '') {
      const first = raw.split('\n', 1)[0] ?? '';
      return /^[1-9]\d*$/.test(first) ? Number(first) : undefined;
    }
    Atomics.wait(pause, 0, 0, 5);
  }
  return undefined;
}
