import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin, USAGE, UsageError } from '../../src/admin';
import { loadConfig } from '../../src/config';
import { createDataDirFromTemplate, testDb, testEngine } from '../support/db';
import { runAdminCli, startFixtureServer } from '../support/run-admin';

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

async function env(): Promise<Record<string, string>> {
  if (testEngine() === 'postgres') {
    await testDb();
    return { DATABASE_URL: process.env.DATABASE_URL! };
  }
  return { DATA_DIR: await dataDir(), DATABASE_URL: '' };
}

// A data dir that must never be created: usage errors are caught before any database is touched.
const untouched = loadConfig({ DATA_DIR: join(tmpdir(), `solifyn-never-created-${process.pid}`) });

describe('runAdmin usage errors', () => {
  it.each([
    [[], /missing command/],
    [['delete-everything'], /unknown command "delete-everything"/],
    [['create-key'], /--mode must be "test" or "live"/],
    [['create-key', '--mode', 'prod'], /--mode must be "test" or "live"/],
    [['create-key', '--mode', 'test', '--bogus'], /Unknown option '--bogus'/],
    [['create-key', '--mode', 'test', '--account', ' '], /--account must not be empty/],
  ])('%j', async (args, message) => {
    const err = await runAdmin(args, untouched).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(existsSync(untouched.dataDir)).toBe(false);
  });
});

// Spawning tsx + opening PGlite takes seconds on a busy machine.
describe('pnpm admin errors exit 1 with a message on stderr and nothing on stdout', { timeout: 60_000 }, () => {
  it('usage error', async () => {
    const result = await runAdminCli(['create-key', '--mode', 'prod'], {
      DATA_DIR: untouched.dataDir,
      DATABASE_URL: '',
    });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`error: --mode must be "test" or "live"\n${USAGE}\n`);
  });

  it('unknown account', async () => {
    const result = await runAdminCli(['create-key', '--mode', 'test', '--account', 'acct_missing'], await env());
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('error: Account acct_missing does not exist\n');
  });
});

describe.runIf(testEngine() === 'pglite')('pnpm admin against a data dir held by a server', { timeout: 60_000 }, () => {
  it('reports an unknown account through the socket the same way', async () => {
    const dir = await dataDir();
    const server = await startFixtureServer(dir);
    cleanups.push(server.stop);
    const result = await runAdminCli(['create-key', '--mode', 'test', '--account', 'acct_missing'], {
      DATA_DIR: dir,
      DATABASE_URL: '',
    });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'error: Account acct_missing does not exist\n' });
  });

  it('refuses, without touching the dir, when the holder does not answer on the socket', async () => {
    const dir = await dataDir();
    const server = await startFixtureServer(dir, ['--no-socket']);
    cleanups.push(server.stop);
    const result = await runAdminCli(['create-key', '--mode', 'test'], { DATA_DIR: dir, DATABASE_URL: '' });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/is in use by another process \(pid \d+\).*does not answer on .*admin\.sock/);
  });
});
