import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findApiKeyBySecret } from '../../src/store/accounts';
import { acquireDataDirLock, DataDirInUseError } from '../../src/store/lock';
import { openDb } from '../../src/store/open';
import { createDataDirFromTemplate, testDb, testEngine } from '../support/db';
import { runAdminCli, startFixtureServer } from '../support/run-admin';

const JSON_LINE =
  /^\{"account_id":"acct_[A-Za-z0-9]{14}","key":"sk_(test|live)_[A-Za-z0-9]{32}","mode":"(test|live)"\}\n$/;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function dataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'solifyn-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  await createDataDirFromTemplate(dir);
  return dir;
}

async function keysIn(dir: string, secrets: string[]) {
  const db = await openDb({ dataDir: dir, databaseUrl: undefined });
  try {
    return await Promise.all(secrets.map((s) => findApiKeyBySecret(db, s)));
  } finally {
    await db.close();
  }
}

// Spawning tsx + opening PGlite takes seconds on a busy machine.
describe.runIf(testEngine() === 'pglite')('pnpm admin create-key on the embedded store', { timeout: 60_000 }, () => {
  it('opens a free data dir itself, prints one JSON line, and releases the dir', async () => {
    const dir = await dataDir();
    const first = await runAdminCli(['create-key', '--mode', 'test'], { DATA_DIR: dir, DATABASE_URL: '' });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(JSON_LINE);
    const a = JSON.parse(first.stdout) as { account_id: string; key: string; mode: string };
    expect(a.mode).toBe('test');

    const second = await runAdminCli(['create-key', '--mode', 'live', '--account', a.account_id], {
      DATA_DIR: dir,
      DATABASE_URL: '',
    });
    expect(second.code).toBe(0);
    const b = JSON.parse(second.stdout) as { account_id: string; key: string; mode: string };
    expect(b).toMatchObject({ account_id: a.account_id, mode: 'live' });

    acquireDataDirLock(dir).release(); // the CLI let go of the dir
    const [keyA, keyB] = await keysIn(dir, [a.key, b.key]);
    expect(keyA).toMatchObject({ accountId: a.account_id, mode: 'test' });
    expect(keyB).toMatchObject({ accountId: a.account_id, mode: 'live' });
  });

  it('goes through the admin socket when a running server holds the data dir', async () => {
    const dir = await dataDir();
    const server = await startFixtureServer(dir);
    cleanups.push(server.stop);

    const created = await runAdminCli(['create-key', '--mode', 'live'], { DATA_DIR: dir, DATABASE_URL: '' });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(JSON_LINE);
    const issued = JSON.parse(created.stdout) as { account_id: string; key: string };
    const more = await runAdminCli(['create-key', '--mode', 'test', '--account', issued.account_id], {
      DATA_DIR: dir,
      DATABASE_URL: '',
    });
    expect(JSON.parse(more.stdout)).toMatchObject({ account_id: issued.account_id, mode: 'test' });

    // The server still holds the dir (the CLI never opened it); once it stops, the keys are there.
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUseError);
    await server.stop();
    const [key] = await keysIn(dir, [issued.key]);
    expect(key).toMatchObject({ accountId: issued.account_id, mode: 'live' });
  });
});

describe.runIf(testEngine() === 'postgres')('pnpm admin create-key with DATABASE_URL', { timeout: 60_000 }, () => {
  it('talks to PostgreSQL directly', async () => {
    const db = await testDb(); // sets process.env.DATABASE_URL to this worker's database
    const result = await runAdminCli(['create-key', '--mode', 'test'], { DATABASE_URL: process.env.DATABASE_URL! });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(JSON_LINE);
    const issued = JSON.parse(result.stdout) as { account_id: string; key: string };
    expect(await findApiKeyBySecret(db, issued.key)).toMatchObject({ accountId: issued.account_id, mode: 'test' });
  });
});
