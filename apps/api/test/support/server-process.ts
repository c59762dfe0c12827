import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/store/db';
import { openPglite } from '../../src/store/pglite';
import { createDataDirFromTemplate, databaseUrlFor, resetDb, testDb, testEngine, workerDatabaseName } from './db';

const apiRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/**
 * The real server (`src/main.ts`) started the way `pnpm start` / a supervisor starts it: the tsx CLI, which runs the
 * server in a node child of its own, in a new process group (`detached`), so `kill(signal)` reaches the whole group
 * as `kill -9 -PGID` from a supervisor would.
 */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the exit code once the tsx process is gone. */
  readonly exited: Promise<number | null>;
  /** Signals the whole process group. */
  kill(signal: NodeJS.Signals): void;
}

// A detached group outlives the test runner unless killed: whatever ends the run, take them down with it.
const running = new Set<number>();
process.once('exit', () => {
  for (const pgid of running) killGroup(pgid, 'SIGKILL');
});

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export function startServer(env: Record<string, string>): ServerProcess {
  const port = env.PORT;
  if (!port) throw new Error('startServer needs PORT');
  const child = spawn(process.execPath, [tsxCli, 'src/main.ts'], {
    cwd: apiRoot,
    env: { ...process.env, DATABASE_URL: '', RATE_LIMIT_REQUESTS: '0', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const pgid = child.pid!;
  running.add(pgid);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(pgid);
      resolve(code);
    }),
  );
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    kill: (signal) => killGroup(pgid, signal),
  };
}

/** Polls GET /healthz until it answers 200; returns the milliseconds that took. Fails if the process exits first. */
export async function waitUntilHealthy(server: ServerProcess, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited (${exitCode}) before serving:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`server did not serve /healthz within ${timeoutMs} ms:\n${server.output()}`);
    }
    await sleep(20);
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return String(port);
}

/** A store that outlives server processes: an on-disk PGlite data dir, or this worker's PostgreSQL database. */
export interface ProcessStore {
  env: Record<string, string>;
  /** Runs `fn` on the store while no server holds it (PGlite) or alongside them (PostgreSQL). */
  use<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  cleanup(): void;
}

export async function processStore(): Promise<ProcessStore> {
  if (testEngine() === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'solifyn-process-'));
    await createDataDirFromTemplate(dir);
    return {
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      async use(fn) {
        const db = await openPglite({ dataDir: dir });
        try {
          return await fn(db);
        } finally {
          await db.close();
        }
      },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const db = await testDb();
  // Empty, so the server seeds its demo account (setup.ts empties only databases this worker had opened).
  await resetDb();
  return {
    env: { DATABASE_URL: databaseUrlFor(workerDatabaseName()) },
    use: (fn) => fn(db),
    cleanup: () => {},
  };
}

/** A started server on a store (see `processStore`), answering /healthz. */
export interface StartedServer {
  baseUrl: string;
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL of the whole process group, as a supervisor sees a crash. */
  kill(): Promise<void>;
  /** SIGTERM, then wait for the clean stop. */
  stop(): Promise<void>;
}

/** `startServer` on `store` with a free port and `env` on top; resolves once it serves. */
export async function startServerProcess(
  store: ProcessStore,
  env: Record<string, string> = {},
): Promise<StartedServer> {
  const port = await freePort();
  const server = startServer({
    PORT: port,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Production settings: rate limiting on, with a budget the tests' load never reaches.
    RATE_LIMIT_REQUESTS: '1000000',
    WEBHOOK_WORKER: 'off',
    SOLIFYN_CRASH_AT: '',
    ...store.env,
    ...env,
  });
  await waitUntilHealthy(server);
  return {
    baseUrl: server.url,
    output: () => server.output(),
    exited: server.exited,
    async kill() {
      server.kill('SIGKILL');
      await server.exited;
    },
    async stop() {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await server.exited;
      clearTimeout(timer);
    },
  };
}
