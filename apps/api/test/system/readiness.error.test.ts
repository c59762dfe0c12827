import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { type TestApi, testApi } from '../support/api';
import { closedDb, openScratchDb } from '../support/db';

async function readiness(app: ReturnType<typeof createApp>) {
  const res = await app.request('/readyz');
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, any> };
}

function appOf(api: TestApi, overrides: Partial<TestApi['deps']> = {}) {
  return createApp({ ...api.deps, ...overrides });
}

describe('GET /readyz (error): 503 service_unavailable naming each failing check', () => {
  it('the database does not answer', async () => {
    const api = await testApi({ WEBHOOK_WORKER: 'off' });
    const { status, type, body } = await readiness(appOf(api, { db: await closedDb() }));
    expect([status, type, body.code]).toEqual([503, 'application/problem+json', 'service_unavailable']);
    expect(body.detail).toBe('Not ready: database.');
    expect(body.errors).toEqual([{ pointer: '/checks/database', detail: 'The database is not reachable.' }]);
  });

  it('a migration this build knows is not applied', async () => {
    const db = await openScratchDb();
    try {
      const api = await testApi({ WEBHOOK_WORKER: 'off' }, { db });
      await db.query('delete from schema_migrations where version = (select max(version) from schema_migrations)');
      const { status, body } = await readiness(appOf(api));
      expect([status, body.code]).toEqual([503, 'service_unavailable']);
      expect(body.errors).toEqual([
        { pointer: '/checks/migrations', detail: expect.stringMatching(/^Migrations not applied: \d+\.$/) },
      ]);
    } finally {
      await db.close();
    }
  });

  it('WEBHOOK_WORKER is on but this process runs no worker (or it stopped), and the database is down too', async () => {
    const api = await testApi({ WEBHOOK_WORKER: 'on' });
    const stopped = await readiness(appOf(api, { webhookWorker: { running: () => false } }));
    expect(stopped.status).toBe(503);
    expect(stopped.body.errors).toEqual([
      { pointer: '/checks/webhook_worker', detail: 'WEBHOOK_WORKER is on but the worker is not running.' },
    ]);
    const both = await readiness(appOf(api, { db: await closedDb() }));
    expect(both.body.detail).toBe('Not ready: database, webhook_worker.');
    expect(both.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/checks/database',
      '/checks/webhook_worker',
    ]);
  });
});
