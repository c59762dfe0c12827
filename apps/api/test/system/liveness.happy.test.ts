import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Db } from '../../src/store/db';
import { testApi } from '../support/api';
import { closedDb } from '../support/db';

describe('GET /livez (happy): liveness without the database', () => {
  it('answers 200 { status: ok } with a Request-Id, no API key needed', async () => {
    const api = await testApi();
    const res = await api.request('GET', '/livez', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('makes no database call: still 200 while the database is down, when /readyz and /healthz say 503', async () => {
    const api = await testApi({ WEBHOOK_WORKER: 'off' });
    const down = await closedDb();
    let queries = 0;
    const counted: Db = { ...down, query: (...args: Parameters<Db['query']>) => (queries++, down.query(...args)) };
    const app = createApp({ ...api.deps, db: counted });
    const live = await app.request('/livez');
    expect([live.status, await live.json(), queries]).toEqual([200, { status: 'ok' }, 0]);
    expect((await app.request('/readyz')).status).toBe(503);
    expect((await app.request('/healthz')).status).toBe(503);
  });
});
