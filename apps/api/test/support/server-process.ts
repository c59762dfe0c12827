import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/store/db';
import { openPglite } from '../../src/store/pglite';
import { createDataDirFromTemplate, databaseUrlFor, resetDb, testDb, testEngine, workerDatabaseName } from './db';

const apiRoot = fileURLToPath(new URL('../../', import.meta.url));

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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** SIGKILL of the whole process group (pnpm/tsx and node), as a supervisor sees a crash. */
  kill(): Promise<void>;
  /** SIGTERM, then wait for the clean stop. */
  stop(): Promise<void>;
}

/**
 * `src/main.ts` — what `pnpm start` runs — in its own process group on a free port, with the store's env and
 * `env` on top. Resolves once it answers /healthz.
 */
export async function startServerProcess(
  store: ProcessStore,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_WORKER: 'off',
      SOLIFYN_CRASH_AT: '',
      ...store.env,
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`server exited before serving:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not serve within 60 s:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  return {
    baseUrl,
    child,
    output: () => output,
    exited,
    async kill() {
      signalGroup('SIGKILL');
      await exited;
    },
    async stop() {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The demo account's key and fixed-price product, as `pnpm start` printed them on an empty store. */
export function demoFrom(output: string): { key: string; productId: string } {
  const key = /secret key:\s+(sk_test_\w+)/.exec(output)?.[1];
  const productId = /fixed-price product:\s+(prod_\w+)/.exec(output)?.[1];
  if (!key || !productId) throw new Error(`no demo data in the server's output:\n${output}`);
  return { key, productId };
}
