import { beforeEach, describe, expect, it } from 'vitest';
import { findApiKeyBySecret, hashSecret, revokeApiKey } from '../../src/store/accounts';
import type { Db } from '../../src/store/db';
import { randomBase62 } from '../../src/domain/ids';
import { createTestAccount, testDb } from '../support/db';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});

describe('findApiKeyBySecret', () => {
  it('rejects a well-formed but unknown key', async () => {
    await createTestAccount('test', db);
    expect(await findApiKeyBySecret(db, `sk_test_${randomBase62(32)}`)).toBeNull();
  });

  it('rejects a key with one character changed', async () => {
    const { key } = await createTestAccount('test', db);
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    expect(await findApiKeyBySecret(db, key.slice(0, -1) + last)).toBeNull();
  });

  it('rejects a test key presented as live and vice versa', async () => {
    const test = await createTestAccount('test', db);
    const live = await createTestAccount('live', db);
    expect(await findApiKeyBySecret(db, test.key.replace('sk_test_', 'sk_live_'))).toBeNull();
    expect(await findApiKeyBySecret(db, live.key.replace('sk_live_', 'sk_test_'))).toBeNull();
  });

  it('rejects a stored key whose mode does not match the secret prefix', async () => {
    const { account_id } = await createTestAccount('test', db);
    const secret = `sk_live_${randomBase62(32)}`;
    // A row that claims mode 'test' for an sk_live_ secret must never authenticate.
    await db.query(
      `insert into api_keys (id, account_id, mode, key_hash, key_prefix) values ('key_forged', $1, 'test', $2, $3)`,
      [account_id, hashSecret(secret), secret.slice(0, 12)],
    );
    expect(await findApiKeyBySecret(db, secret)).toBeNull();
  });

  it('rejects a revoked key, and revocation is scoped to the owning account', async () => {
    const owner = await createTestAccount('test', db);
    const other = await createTestAccount('test', db);
    await expect(revokeApiKey(db, { accountId: other.account_id, keyId: owner.key_id })).rejects.toThrow(
      /does not exist/,
    );
    expect(await findApiKeyBySecret(db, owner.key)).not.toBeNull();

    const revoked = await revokeApiKey(db, { accountId: owner.account_id, keyId: owner.key_id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await findApiKeyBySecret(db, owner.key)).toBeNull();
    const again = await revokeApiKey(db, { accountId: owner.account_id, keyId: owner.key_id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
  });

  it.each([
    '',
    'sk_test_',
    'Bearer sk_test_abc',
    `sk_prod_${'a'.repeat(32)}`,
    `sk_test_${'a'.repeat(31)}`,
    `sk_test_${'a'.repeat(33)}`,
    `sk_test_${'a'.repeat(31)}'`,
    `sk_test_${'a'.repeat(31)}é`,
    `' or 1=1 --`,
  ])('rejects malformed secret %j', async (secret) => {
    await createTestAccount('test', db);
    expect(await findApiKeyBySecret(db, secret)).toBeNull();
  });

  it('issues distinct secrets', async () => {
    const a = await createTestAccount('test', db);
    const b = await createTestAccount('test', db);
    expect(a.key).not.toBe(b.key);
    expect((await findApiKeyBySecret(db, b.key))?.accountId).toBe(b.account_id);
  });
});
