import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataDirFromTemplate, emptyPostgresDatabase, testEngine } from '../support/db';
import {
  assertHostile,
  assertPositive,
  createFixturesOver,
  type FuzzTarget,
  fuzzSettings,
  fuzzStats,
  operations,
} from './harness';

/**
 * Part of the fuzz over a real HTTP socket, against the real server: `pnpm start`'s entry (src/main.ts through
 * tsx) in its own process, on a free port, with a temp DATA_DIR (pglite project) or a new database (postgres
 * project). Requests go through Node's fetch (undici, keep-alive) and the server's HTTP parser, which `app.fetch`
 * in process never exercises. Any 5xx fails; so does anything the server logs as an unhandled error.
 */
const settings = fuzzSettings();
const runs = { seed: settings.seed, numRuns: Math.max(5, Math.ceil(settings.numRuns / 3)) };
const v1 = operations().filter((op) => op.path.startsWith('/v1/'));
const apiRoot = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let server: ChildProcess;
let stderr = '';
let cleanup: () => Promise<void> = async () => {};
let target: FuzzTarget;

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    PUBLIC_URL: base,
    RATE_LIMIT_REQUESTS: '0',
    WEBHOOK_WORKER: 'off',
  };
  if (testEngine() === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'solifyn-socket-fuzz-'));
    await createDataDirFromTemplate(dataDir); // migrated already: no initdb in the child
    Object.assign(env, { DATA_DIR: dataDir, DATABASE_URL: '' });
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const database = await emptyPostgresDatabase('socket');
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }

  server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: apiRoot, env });
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const key = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const secret = /secret key:\s+(sk_test_\S+)/.exec(stdout)?.[1];
      if (secret && stdout.includes('listening on')) resolve(secret);
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });

  target = {
    key,
    otherModeKey: '',
    fixtures: undefined as never,
    // The in-process Request, sent for real: same method, path, query, headers and bytes.
    fetch: async (request) => {
      const url = new URL(request.url);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const response = await fetch(`${base}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: 'manual',
      });
      if (response.status === 431) {
        // Node's HTTP parser refuses a request head over 16 KiB (--max-http-header-size) before the app runs:
        // a 431 with no body. Only a head that big may get it; such a run is discarded, not counted.
        let head = url.pathname.length + url.search.length;
        request.headers.forEach((value, name) => (head += name.length + value.length + 4));
        expect(head, `431 for a ${head}-byte request head`).toBeGreaterThan(15_000);
        fc.pre(false);
      }
      return response;
    },
  };
  target.fixtures = await createFixturesOver(target);
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  }
  await cleanup();
  console.log(`socket fuzz: ${fuzzStats.requests} requests in total so far, seed ${settings.seed}`);
});

describe('over a real socket, against src/main.ts', () => {
  it.each(v1.map((op) => [op.operationId, op] as const))(
    '%s: valid and hostile requests, never a 5xx',
    async (_id, op) => {
      await assertPositive(target, op, runs);
      await assertHostile(target, op, runs);
    },
  );

  it('the server logged no unhandled error and still answers', async () => {
    expect(stderr).not.toMatch(/unhandled error|checkout page error/);
    expect((await target.fetch(new Request('http://localhost/healthz'))).status).toBe(200);
  });
});
