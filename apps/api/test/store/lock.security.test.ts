import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate';
import { openDb } from '../../src/store/open';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, type DataDirLock } from '../../src/store/lock';
import { createDataDirFromTemplate, testEngine } from '../support/db';

const apiRoot = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const locks: DataDirLock[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
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

function refusal(dir: string): unknown {
  try {
    locks.push(acquireDataDirLock(dir));
  } catch (err) {
    return err;
  }
  throw new Error('expected the lock to be refused');
}

/** A process running test/support/lock-holder.ts (through `sh -c` when a wrapper is given); its stdout as lines. */
function holder(dir: string, options: { goFile?: string; wrap?: (cmd: string) => string } = {}) {
  const args = ['--import', 'tsx', 'test/support/lock-holder.ts', dir, ...(options.goFile ? [options.goFile] : [])];
  const child = options.wrap
    ? spawn('sh', ['-c', options.wrap([process.execPath, ...args].map(shellQuote).join(' '))], { cwd: apiRoot })
    : spawn(process.execPath, args, { cwd: apiRoot });
  children.push(child);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.on('data', (c: Buffer) => {
    buffered += c.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  /** The first line starting with one of `prefixes` (waits for it). */
  async function line(...prefixes: string[]): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = lines.find((l) => prefixes.some((p) => l.startsWith(p)));
      if (found !== undefined) return found;
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`lock holder printed ${JSON.stringify(lines)}; stderr: ${stderr}`);
      }
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  return { child, line };
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The state letter in /proc/<pid>/stat (R, S, Z…), or undefined once the pid is gone. */
function procState(pid: number): string | undefined {
  try {
    return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The lock is about the embedded engine's data dir; no need to run it twice.
describe.runIf(testEngine() === 'pglite')('data dir lock', { timeout: 60_000 }, () => {
  it('refuses a second opener, even in the same process, with the holder pid; release frees it', () => {
    const dir = tempDir();
    const lock = hold(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    const err = refusal(dir);
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect(err).toMatchObject({ dataDir: dir, pid: process.pid });
    expect((err as Error).message).toBe(
      `Data directory ${dir} is in use by another process (pid ${process.pid}); only one process may open it`,
    );
    lock.release();
    lock.release(); // idempotent
    // The file stays (deleting a flock'ed file would let two processes lock different inodes); it names nobody.
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('');
    hold(dir);
  });

  it('is not blocked by a lock file naming a live unrelated process (pid 1, the test runner: the old format)', () => {
    for (const pid of [1, process.pid, process.ppid]) {
      const dir = tempDir();
      writeFileSync(join(dir, LOCK_FILE), `${pid}\nold-token\n`);
      expect(pidExists(pid)).toBe(true);
      hold(dir);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    }
  });

  it('is not blocked by an empty or garbled lock file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), '');
    hold(dir).release();
    writeFileSync(join(dir, LOCK_FILE), 'garbage\n'.repeat(100));
    hold(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('never follows a symlinked lock file (its target is left untouched)', () => {
    const dir = tempDir();
    const target = join(tempDir(), 'precious');
    writeFileSync(target, 'do not truncate\n');
    symlinkSync(target, join(dir, LOCK_FILE));
    expect(() => acquireDataDirLock(dir)).toThrow(/is a symbolic link; refusing to follow it/);
    expect(readFileSync(target, 'utf8')).toBe('do not truncate\n');
  });

  it('refuses while another live process holds it, and is free the moment that process is SIGKILLed', async () => {
    const dir = tempDir();
    const other = holder(dir);
    const pid = Number((await other.line('held')).split(' ')[1]);
    const err = refusal(dir);
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect(err).toMatchObject({ pid });

    const exited = new Promise((resolve) => other.child.once('exit', resolve));
    other.child.kill('SIGKILL');
    await exited;
    hold(dir);
  });

  it('is free while the SIGKILLed holder is still a zombie in the process table (its pid still exists)', async () => {
    const dir = tempDir();
    // `exec sleep` replaces the shell, so the holder's parent never reaps it: once killed it stays a zombie.
    const wrapped = holder(dir, { wrap: (cmd) => `${cmd} & exec sleep 60` });
    const pid = Number((await wrapped.line('held')).split(' ')[1]);
    expect(refusal(dir)).toBeInstanceOf(DataDirInUseError);

    process.kill(pid, 'SIGKILL');
    // Its threads finish dying within moments (the kernel closes its files when the last one is gone); then the
    // lock is free although the pid is still in the process table.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        hold(dir);
        break;
      } catch (err) {
        if (!(err instanceof DataDirInUseError) || Date.now() > deadline) throw err;
        await sleep(5);
      }
    }
    expect(procState(pid)).toBe('Z');
    expect(pidExists(pid)).toBe(true); // what the old pid-file lock took for "held"
  });

  it('lets exactly one of several processes starting at the same instant take it', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir();
      const goFile = join(dir, 'go');
      const contenders = Array.from({ length: 4 }, () => holder(dir, { goFile }));
      await Promise.all(contenders.map((c) => c.line('ready')));
      writeFileSync(goFile, '');
      const outcomes = await Promise.all(contenders.map((c) => c.line('held', 'refused')));
      const held = outcomes.filter((o) => o.startsWith('held'));
      expect(held).toHaveLength(1);
      const holderPid = held[0]!.split(' ')[1];
      for (const o of outcomes.filter((x) => x.startsWith('refused'))) {
        expect(o).toBe(
          `refused Data directory ${dir} is in use by another process (pid ${holderPid}); only one process may open it`,
        );
      }
      for (const c of contenders) c.child.kill('SIGKILL');
    }
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
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    hold(dir).release(); // free again
    const again = await openDb({ dataDir: dir, databaseUrl: undefined });
    await again.close();
  });
});
