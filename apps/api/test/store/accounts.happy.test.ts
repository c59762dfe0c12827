import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccount, createApiKey, findApiKeyBySecret, getAccount, issueApiKey } from '../../src/store/accounts';
import type { Db } from '../../src/store/db';
import { createTestAccount, testDb } from '../support/db';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});

describe('accounts and API keys', () => {
  it('creates an account with a prefixed id', async () => {
    const account = await createAccount(db, { name: 'Acme' });
    expect(account).toEqual({
      id: expect.stringMatching(/^acct_[A-Za-z0-9]{14}$/),
      name: 'Acme',
      createdAt: expect.any(Date),
    });
    expect(await getAccount(db, account.id)).toEqual(account);
    expect(await getAccount(db, 'acct_missing')).toBeNull();
  });

  it.each(['test', 'live'] as const)(
    'issues an sk_%s_ key that authenticates to its account and mode',
    async (mode) => {
      const account = await createAccount(db);
      const issued = await createApiKey(db, { accountId: account.id, mode });
      expect(issued.secret).toMatch(new RegExp(`^sk_${mode}_[A-Za-z0-9]{32}$`));
      expect(issued).toMatchObject({
        id: expect.stringMatching(/^key_[A-Za-z0-9]{14}$/),
        accountId: account.id,
        mode,
        keyPrefix: issued.secret.slice(0, 12),
        revokedAt: null,
      });
      const { secret, ...stored } = issued;
      expect(await findApiKeyBySecret(db, secret)).toEqual(stored);
    },
  );

  it('stores only the sha256 of the secret', async () => {
    const { key, key_id } = await createTestAccount('test', db);
    const [row] = await db.query<Record<string, unknown>>('select * from api_keys where id = $1', [key_id]);
    expect(row!.key_hash).toEqual(createHash('sha256').update(key).digest());
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
  });

  it('issueApiKey creates an account when none is given and reuses a given one', async () => {
    const first = await issueApiKey(db, { mode: 'test' });
    const second = await issueApiKey(db, { mode: 'live', accountId: first.accountId });
    expect(second.accountId).toBe(first.accountId);
    expect(await db.query('select count(*) as n from accounts')).toEqual([{ n: 1 }]);
    expect((await findApiKeyBySecret(db, second.secret))?.mode).toBe('live');
  });

  it('createTestAccount returns the CLI shape', async () => {
    const account = await createTestAccount('live');
    expect(account).toEqual({
      account_id: expect.stringMatching(/^acct_/),
      key: expect.stringMatching(/^sk_live_/),
      key_id: expect.stringMatching(/^key_/),
      mode: 'live',
    });
  });
});
