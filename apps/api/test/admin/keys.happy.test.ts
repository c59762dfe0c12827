import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/admin';
import { type Config, loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { KeyUsage } from '../../src/jobs/key-usage';
import { authenticateSecret, issueApiKey, listApiKeys, rollApiKey } from '../../src/store/accounts';
import { openDb } from '../../src/store/open';
import { testApi } from '../support/api';
import { createDataDirFromTemplate, testDb, testEngine } from '../support/db';
import { startFixtureServer } from '../support/run-admin';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** `pnpm admin`'s config for this engine: an embedded data dir of our own, or this worker's PostgreSQL database. */
async function adminConfig(): Promise<{ config: Config; dir?: string }> {
  if (testEngine() === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'solifyn-keys-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await createDataDirFromTemplate(dir);
    return { config: loadConfig({ DATA_DIR: dir, DATABASE_URL: '' }), dir };
  }
  await testDb();
  return { config: loadConfig({ DATABASE_URL: process.env.DATABASE_URL! }) };
}

async function admin(config: Config, ...args: string[]) {
  return JSON.parse(await runAdmin(args, config)) as Record<string, any>;
}

describe('pnpm admin list-keys and roll-key (happy)', { timeout: 60_000 }, () => {
  it('lists every key of an account, oldest first, with prefix and times and never a secret', async () => {
    const { config } = await adminConfig();
    const first = await admin(config, 'create-key', '--mode', 'test');
    const second = await admin(config, 'create-key', '--mode', 'live', '--account', first.account_id);
    await admin(config, 'create-key', '--mode', 'test');
    const listed = await runAdmin(['list-keys', '--account', first.account_id], config);
    expect(listed).not.toContain(first.key);
    expect(listed).not.toContain(second.key);
    const { keys } = JSON.parse(listed) as { keys: Record<string, unknown>[] };
    expect(keys).toEqual([
      {
        key_id: expect.stringMatching(/^key_/),
        account_id: first.account_id,
        mode: 'test',
        prefix: first.key.slice(0, 12),
        created_at: expect.any(String),
        last_used_at: null,
        revoked_at: null,
        expires_at: null,
      },
      expect.objectContaining({ mode: 'live', prefix: second.key.slice(0, 12) }),
    ]);
    const all = await admin(config, 'list-keys');
    expect(all.keys.length).toBeGreaterThanOrEqual(3);
  });

  it('roll-key: a new key now, the old one working until its expiry', async () => {
    const { config } = await adminConfig();
    const issued = await admin(config, 'create-key', '--mode', 'test');
    const [old] = (await admin(config, 'list-keys', '--account', issued.account_id)).keys;
    const rolled = await admin(config, 'roll-key', '--key-id', old.key_id, '--expires-in', '1h');
    expect(rolled).toMatchObject({
      key_id: expect.stringMatching(/^key_/),
      key: expect.stringMatching(/^sk_test_[A-Za-z0-9]{32}$/),
      account_id: issued.account_id,
      mode: 'test',
      previous: { key_id: old.key_id, expires_at: expect.any(String) },
    });
    const expiresAt = Date.parse(rolled.previous.expires_at);
    expect(expiresAt - Date.now()).toBeGreaterThan(3500_000);
    const db = await openDb(config);
    try {
      expect(await authenticateSecret(db, issued.key, undefined, new Date(expiresAt - 1000))).not.toBeNull();
      expect(await authenticateSecret(db, issued.key, undefined, new Date(expiresAt))).toBeNull();
      expect(await authenticateSecret(db, rolled.key)).toMatchObject({ accountId: issued.account_id });
    } finally {
      await db.close();
    }
  });

  it.runIf(testEngine() === 'pglite')('through the admin socket when a running server holds the data dir', async () => {
    const { config, dir } = await adminConfig();
    const issued = await admin(config, 'create-key', '--mode', 'test');
    const server = await startFixtureServer(dir!);
    cleanups.push(server.stop);
    const { keys } = await admin(config, 'list-keys', '--account', issued.account_id);
    expect(keys).toHaveLength(1);
    const rolled = await admin(config, 'roll-key', '--key-id', keys[0].key_id, '--expires-in', '0s');
    expect(rolled.previous.key_id).toBe(keys[0].key_id);
    expect((await admin(config, 'list-keys', '--account', issued.account_id)).keys).toHaveLength(2);
  });
});

describe('a rolled key in the API (happy)', () => {
  it('is refused once expired, even while cached; the new key works at once', async () => {
    const api = await testApi();
    expect((await api.request('GET', '/v1/products')).status).toBe(200); // cached now
    const { issued } = await rollApiKey(api.deps.db, {
      keyId: api.account.key_id,
      oldExpiresAt: api.clock.now(),
      now: api.clock.now(),
    });
    await api.deps.cache.sync();
    expect((await api.request('GET', '/v1/products')).status).toBe(401);
    expect((await api.request('GET', '/v1/products', { key: issued.secret })).status).toBe(200);
  });
});

describe('last used, without a write per request (happy)', () => {
  it('is kept in memory and written by one statement when flushed', async () => {
    const api = await testApi();
    const usage = new KeyUsage();
    const app = createApp({ ...api.deps, keyUsage: usage });
    const other = await issueApiKey(api.deps.db, { mode: 'test' });
    for (const key of [api.account.key, api.account.key, other.secret]) {
      const res = await app.request('/v1/products', { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
    }
    const before = await listApiKeys(api.deps.db);
    expect(before.every((key) => key.lastUsedAt === null)).toBe(true);
    expect(await usage.flush(api.deps.db)).toBe(2);
    const after = await listApiKeys(api.deps.db);
    const used = after.filter((key) => key.lastUsedAt !== null).map((key) => key.id);
    expect(used.sort()).toEqual([api.account.key_id, other.id].sort());
    expect(after.find((key) => key.id === other.id)!.lastUsedAt).toEqual(api.clock.now());
    expect(await usage.flush(api.deps.db)).toBe(0);
  });
});
