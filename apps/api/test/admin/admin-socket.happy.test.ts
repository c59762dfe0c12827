import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestKeyViaSocket, startAdminSocket, type AdminSocketServer } from '../../src/admin-socket';
import { findApiKeyBySecret } from '../../src/store/accounts';
import type { Db } from '../../src/store/db';
import { createTestAccount, testDb } from '../support/db';

let db: Db;
let dir: string;
let server: AdminSocketServer;
beforeEach(async () => {
  db = await testDb();
  dir = mkdtempSync(join(tmpdir(), 'solifyn-admin-'));
  server = await startAdminSocket(db, { dataDir: dir });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin socket POST /keys', () => {
  it('creates an account and a key', async () => {
    const issued = await requestKeyViaSocket(server.path, { mode: 'live' });
    expect(issued).toEqual({
      account_id: expect.stringMatching(/^acct_/),
      key: expect.stringMatching(/^sk_live_[A-Za-z0-9]{32}$/),
      mode: 'live',
    });
    expect(await findApiKeyBySecret(db, issued.key)).toMatchObject({ accountId: issued.account_id, mode: 'live' });
  });

  it('adds a key to an existing account', async () => {
    const existing = await createTestAccount('live', db);
    const issued = await requestKeyViaSocket(server.path, { mode: 'test', accountId: existing.account_id });
    expect(issued.account_id).toBe(existing.account_id);
    expect(await findApiKeyBySecret(db, issued.key)).toMatchObject({ accountId: existing.account_id, mode: 'test' });
  });
});
