import { describe, expect, it } from 'vitest';
import { parseExpiresIn, runAdmin, UsageError } from '../../src/admin';
import { loadConfig } from '../../src/config';
import { ApiKeyInactiveError, ApiKeyNotFoundError, revokeApiKeyById, rollApiKey } from '../../src/store/accounts';
import { testApi } from '../support/api';

const untouched = loadConfig({ DATA_DIR: '/nonexistent/never-opened', DATABASE_URL: '' });

describe('pnpm admin roll-key and list-keys (error)', () => {
  it.each([
    [['roll-key'], '--key-id'],
    [['roll-key', '--key-id', 'nope'], '--key-id'],
    [['roll-key', '--key-id', 'key_abc', '--expires-in', '24'], '--expires-in'],
    [['roll-key', '--key-id', 'key_abc', '--expires-in', '31d'], '--expires-in'],
    [['roll-key', '--key-id', 'key_abc', '--expires-in', '-1h'], '--expires-in'],
    [['list-keys', '--account', ' '], '--account'],
    [['list-keys', '--mode', 'test'], 'mode'],
  ])('%j is a usage error naming %s, before any store is opened', async (args, named) => {
    const error = await runAdmin(args, untouched).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(named);
  });

  it('reads --expires-in as s, m, h or d up to 30 days', () => {
    expect([parseExpiresIn('0s'), parseExpiresIn('30m'), parseExpiresIn('24h'), parseExpiresIn('30d')]).toEqual([
      0, 1800, 86_400, 2_592_000,
    ]);
  });

  it('refuses to roll an unknown, a revoked or an expired key, and changes nothing', async () => {
    const api = await testApi();
    const now = api.clock.now();
    const later = new Date(now.getTime() + 3600_000);
    await expect(rollApiKey(api.deps.db, { keyId: 'key_missing', oldExpiresAt: later, now })).rejects.toBeInstanceOf(
      ApiKeyNotFoundError,
    );
    const { issued } = await rollApiKey(api.deps.db, { keyId: api.account.key_id, oldExpiresAt: now, now });
    await expect(rollApiKey(api.deps.db, { keyId: api.account.key_id, oldExpiresAt: later, now })).rejects.toThrow(
      new ApiKeyInactiveError(api.account.key_id, 'expired'),
    );
    await revokeApiKeyById(api.deps.db, issued.id);
    await expect(rollApiKey(api.deps.db, { keyId: issued.id, oldExpiresAt: later, now })).rejects.toThrow(
      new ApiKeyInactiveError(issued.id, 'revoked'),
    );
    const [row] = await api.deps.db.query<{ n: number }>(
      'select count(*)::int as n from api_keys where account_id = $1',
      [api.account.account_id],
    );
    expect(row?.n).toBe(2);
  });
});
