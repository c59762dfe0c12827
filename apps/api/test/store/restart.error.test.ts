import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/store/lock';
import { createDataDirFromTemplate, testEngine } from '../support/db';
import { freePort, startServer, waitUntilHealthy, type ServerProcess } from '../support/server-process';

const servers: ServerProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.kill('SIGKILL');
    await server.exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-two-'));
  dirs.push(dir);
  await createDataDirFromTemplate(dir);
  return dir;
}

async function start(dir: string): Promise<ServerProcess> {
  const server = startServer({ DATA_DIR: dir, PORT: await freePort() });
  servers.push(server);
  return server;
}

/** Resolves "served" or "refused", whichever the server does first. */
function outcome(server: ServerProcess): Promise<'served' | 'refused'> {
  return Promise.race([
    waitUntilHealthy(server).then(() => 'served' as const),
    server.exited.then(() => 'refused' as const),
  ]);
}

function refusalLine(dir: string): string {
  const pid = readFileSync(join(dir, LOCK_FILE), 'utf8').trim();
  return `Cannot start: Data directory ${dir} is in use by another process (pid ${pid}); only one process may open it\n`;
}

describe.runIf(testEngine() === 'pglite')('two servers on one embedded data dir', { timeout: 120_000 }, () => {
  it('the second refuses with one line and exit 1; the first keeps serving', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    await waitUntilHealthy(first);

    const second = await start(dir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toBe(refusalLine(dir));
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it("started at the same instant on a crashed server's data dir, exactly one serves", async () => {
    const dir = await dataDir();
    let crashed = await start(dir);
    for (let round = 0; round < 2; round++) {
      await waitUntilHealthy(crashed);
      crashed.kill('SIGKILL'); // leaves solifyn.lock and admin.sock behind
      const pair = [await start(dir), await start(dir)];
      const outcomes = await Promise.all(pair.map(outcome));
      expect(outcomes.toSorted()).toEqual(['refused', 'served']);
      const loser = pair[outcomes.indexOf('refused')]!;
      expect(await loser.exited).toBe(1);
      expect(loser.output()).toBe(refusalLine(dir));
      crashed = pair[outcomes.indexOf('served')]!;
    }
  });
});
