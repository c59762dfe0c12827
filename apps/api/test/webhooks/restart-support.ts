import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { AppDeps, Clock } from '../../src/deps';
import { StoreCache } from '../../src/store/cache';
import type { Db } from '../../src/store/db';
import { openPglite } from '../../src/store/pglite';
import { openPostgres } from '../../src/store/postgres';
import type { ApiResponse, RequestOptions } from '../support/api';
import { createDataDirFromTemplate, databaseUrlFor, testEngine, workerDatabaseName } from '../support/db';
import { type Requester, shortSchedule } from './support';
import { LogCapture } from '../support/log-capture';

/**
 * A database that outlives the server processes using it: an on-disk PGlite data directory (reopened, ~0.6 s), or
 * this worker's PostgreSQL database through a fresh connection pool each time.
 */
export async function restartableStore(): Promise<{ open(): Promise<Db>; cleanup(): void }> {
  if (testEngine() === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'solifyn-webhooks-'));
    await createDataDirFromTemplate(dir);
    return { open: () => openPglite({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = databaseUrlFor(workerDatabaseName());
  return { open: async () => openPostgres(url, { max: 2 }), cleanup: () => {} };
}

/** What a freshly started server has: its deps and its app, called with `key` by default. */
export function serverOn(db: Db, clock: Clock, key: string): { deps: AppDeps } & Requester {
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', DATA_DIR: '/nonexistent', ...shortSchedule });
  // Not started: every read goes to the database (these servers are short-lived and restarted on purpose).
  const deps: AppDeps = {
    config: { ...config, databaseUrl: undefined },
    db,
    cache: new StoreCache(db),
    clock,
    logger: new LogCapture().logger,
  };
  const app = createApp(deps);
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers = new Headers({ authorization: `Bearer ${options.key ?? key}` });
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    const res = await app.request(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  }
  return { deps, request: request as Requester['request'] };
}
