import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSocketPath } from '../../src/admin-socket';
import { findApiKeyBySecret } from '../../src/store/accounts';
import { LOCK_FILE } from '../../src/store/lock';
import { openDb } from '../../src/store/open';
import { createDataDirFromTemplate, testEngine } from '../support/db';
import { runAdminCli } from '../support/run-admin';
import { freePort, startServer, waitUntilHealthy, type ServerProcess } from '../support/server-process';

/**
 * What a process supervisor (systemd Restart=always, a container runtime, pm2) does to the embedded store: the
 * server dies by SIGKILL of its whole process group while it acknowledges writes, and is started again at once.
 */

const RESTARTS = 20;
const WRITERS = 6;
/** Writes acknowledged in a round before the kill is sent (a fresh server is slow for its first requests). */
const WRITES_BEFORE_KILL = 15;

interface Acknowledged {
  id: string;
  idempotencyKey: string | undefined;
  body: string;
}

let dir: string;
let port: string;
let key: string;
let productId: string;
let current: ServerProcess | undefined;

beforeAll(async () => {
  if (testEngine() !== 'pglite') return;
  dir = mkdtempSync(join(tmpdir(), 'solifyn-restart-'));
  await createDataDirFromTemplate(dir);
  port = await freePort();
}, 60_000);

afterAll(async () => {
  if (current) {
    current.kill('SIGKILL');
    await current.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body: string, idempotencyKey?: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body,
  });
}

/**
 * Creates checkouts from WRITERS concurrent loops until `stop` is requested; each loop ends at its first failed
 * request (the kill landed). `done` resolves with the 2xx ones; `reached` once `count` are acknowledged.
 */
function writeUntilKilled(stop: { requested: boolean }, count: number) {
  const acknowledged: Acknowledged[] = [];
  let onReached: () => void;
  const reached = new Promise<void>((resolve) => (onReached = resolve));
  const done = Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let n = 0; !stop.requested; n++) {
        const body = JSON.stringify({ productId, quantity: 1, customerEmail: `w${writer}-${n}@example.com` });
        const idempotencyKey = n % 4 === 0 ? randomUUID() : undefined;
        let res: Response;
        let json: { id?: string };
        try {
          res = await post('/v1/checkout/create', body, idempotencyKey);
          json = (await res.json()) as { id?: string };
        } catch {
          return; // the kill landed while this request was in flight: not acknowledged
        }
        if (res.status !== 201 || typeof json.id !== 'string') {
          throw new Error(`create answered ${res.status}: ${JSON.stringify(json)}`);
        }
        acknowledged.push({ id: json.id, idempotencyKey, body });
        if (acknowledged.length === count) onReached();
      }
    }),
  ).then(() => acknowledged);
  return { reached, done };
}

/** Every acknowledged checkout is there; an acknowledged idempotent create replays the same checkout. */
async function expectAllPresent(writes: Acknowledged[]): Promise<void> {
  for (const w of writes) {
    const res = await fetch(`http://127.0.0.1:${port}/v1/checkout/${w.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status, `checkout ${w.id} after the restart`).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(w.id);
    if (w.idempotencyKey) {
      const replay = await post('/v1/checkout/create', w.body, w.idempotencyKey);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(w.id);
    }
  }
}

describe.runIf(testEngine() === 'pglite')('embedded store after kill -9 of the server', { timeout: 400_000 }, () => {
  it(`serves again at once and keeps every acknowledged write, ${RESTARTS} times in a row`, async () => {
    // What an older release left behind after a crash: a pid lock naming a live, unrelated process (pid 1).
    writeFileSync(join(dir, LOCK_FILE), '1\nold-token\n');

    current = startServer({ DATA_DIR: dir, PORT: port });
    await waitUntilHealthy(current);
    key = /secret key:\s+(sk_test_\w+)/.exec(current.output())![1]!;
    productId = /fixed-price product:\s+(prod_\w+)/.exec(current.output())![1]!;

    const all: Acknowledged[] = [];
    const startTimes: number[] = [];
    for (let restart = 0; restart < RESTARTS; restart++) {
      const stop = { requested: false };
      const writing = writeUntilKilled(stop, WRITES_BEFORE_KILL);
      await Promise.race([writing.reached, writing.done, sleep(10_000)]);
      await sleep(Math.floor(Math.random() * 30)); // kill at a random point, with requests in flight
      current.kill('SIGKILL');
      stop.requested = true;
      const previous = current;
      const spawnedAt = Date.now();
      current = startServer({ DATA_DIR: dir, PORT: port }); // at once: the killed group may not be reaped yet
      const acknowledged = await writing.done;
      expect(acknowledged.length, 'writes acknowledged before the kill').toBeGreaterThanOrEqual(WRITES_BEFORE_KILL);
      all.push(...acknowledged);

      await waitUntilHealthy(current);
      startTimes.push(Date.now() - spawnedAt);
      expect(await previous.exited).toBe(null); // killed, not exited
      expect(current.output()).not.toMatch(/Cannot start/);
      await expectAllPresent(acknowledged);
    }

    // The socket of the last killed server was replaced: `pnpm admin` goes through the running one.
    expect(existsSync(adminSocketPath(dir))).toBe(true);
    const viaSocket = await runAdminCli(['create-key', '--mode', 'test'], { DATA_DIR: dir, DATABASE_URL: '' });
    expect(viaSocket).toMatchObject({ code: 0, stderr: '' });
    const first = JSON.parse(viaSocket.stdout) as { account_id: string; key: string };

    // Killed and not restarted (lock file and admin.sock left behind): `pnpm admin` opens the store itself.
    current.kill('SIGKILL');
    await current.exited;
    current = undefined;
    const direct = await runAdminCli(['create-key', '--mode', 'live'], { DATA_DIR: dir, DATABASE_URL: '' });
    expect(direct).toMatchObject({ code: 0, stderr: '' });
    const second = JSON.parse(direct.stdout) as { account_id: string; key: string };

    const db = await openDb({ dataDir: dir, databaseUrl: undefined });
    try {
      const ids = all.map((w) => w.id);
      const [found] = await db.query<{ n: number }>(
        'select count(*)::int as n from checkout_sessions where id = any($1::uuid[])',
        [ids],
      );
      expect(found!.n).toBe(new Set(ids).size);
      expect(await findApiKeyBySecret(db, first.key)).toMatchObject({ accountId: first.account_id, mode: 'test' });
      expect(await findApiKeyBySecret(db, second.key)).toMatchObject({ accountId: second.account_id, mode: 'live' });
    } finally {
      await db.close();
    }
    console.log(
      `${RESTARTS} kill -9 restarts, ${all.length} acknowledged writes kept; ms from spawn to /healthz 200: ` +
        `median ${startTimes.toSorted((a, b) => a - b)[Math.floor(RESTARTS / 2)]}, max ${Math.max(...startTimes)}`,
    );
  });
});
