import { beforeEach, describe, expect, it } from 'vitest';
import {
  AccountNotFoundError,
  ApiKeyNotFoundError,
  createApiKey,
  issueApiKey,
  revokeApiKey,
} from '../../src/store/accounts';
import type { Db } from '../../src/store/db';
import { testDb } from '../support/db';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});

describe('accounts errors', () => {
  it('createApiKey for an unknown account throws AccountNotFoundError and writes nothing', async () => {
    const err = await createApiKey(db, { accountId: 'acct_nope', mode: 'test' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountNotFoundError);
    expect(err).toMatchObject({ accountId: 'acct_nope', message: 'Account acct_nope does not exist' });
    expect(await db.query('select id from api_keys')).toEqual([]);
  });

  it('issueApiKey for an unknown account creates no account', async () => {
    await expect(issueApiKey(db, { mode: 'live', accountId: 'acct_nope' })).rejects.toThrow(AccountNotFoundError);
    expect(await db.query('select id from accounts')).toEqual([]);
  });

  it('revoking an unknown key throws ApiKeyNotFoundError', async () => {
    await expect(revokeApiKey(db, { accountId: 'acct_x', keyId: 'key_nope' })).rejects.toThrow(ApiKeyNotFoundError);
  });
});
