import { afterEach, describe, expect, it } from 'vitest';
import { testApi } from '../support/api';
import { processStore, type ProcessStore, startServerProcess } from '../support/server-process';

describe('GET /readyz (happy)', () => {
  it('ready: database, migrations, and the webhook worker off when WEBHOOK_WORKER=off', async () => {
    const api = await testApi({ WEBHOOK_WORKER: 'off' });
    const res = await api.request('GET', '/readyz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', webhook_worker: 'off' } });
  });

  it('ready with the worker of this process running', async () => {
    const api = await testApi({ WEBHOOK_WORKER: 'on' });
    const { createApp } = await import('../../src/app');
    const app = createApp({ ...api.deps, webhookWorker: { running: () => true } });
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { webhook_worker: 'ok' } });
  });
});

describe('GET /readyz of `pnpm start` (happy)', () => {
  let store: ProcessStore | undefined;
  afterEach(() => store?.cleanup());

  it('is ready once the server serves, its webhook worker included', async () => {
    store = await processStore();
    const server = await startServerProcess(store, { WEBHOOK_WORKER: 'on' });
    try {
      const res = await fetch(`${server.baseUrl}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', webhook_worker: 'ok' },
      });
    } finally {
      await server.stop();
    }
  });
});
