import { contract, expectConforms, observe } from '@solifyn/contract';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { AppDeps, Clock } from '../../src/deps';
import type { Mode } from '../../src/domain/scope';
import type { Db } from '../../src/store/db';
import { recordCoverage } from './coverage';
import { createTestAccount, type TestAccount, testCache, testDb } from './db';
import { LogCapture } from './log-capture';

/** A clock tests move by hand: `clock.advance(25 * 3600_000)` to pass a session's expiry. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  /** Secret key; `null` sends no Authorization header. Defaults to the harness account's key. */
  key?: string | null;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  headers?: Record<string, string>;
}

const problemSchemaPointer = '#/components/schemas/Problem';

/**
 * The real app on the worker's database, with one test-mode account. Every response is checked against the spec
 * (status documented, content type, headers, body schema, problem code) before the test sees it, so a test that
 * provokes an undocumented response fails where it happens.
 */
export interface TestApi {
  deps: AppDeps;
  /** Every line the app logged (access log, unhandled errors). */
  logs: LogCapture;
  clock: TestClock;
  account: TestAccount;
  app: ReturnType<typeof createApp>;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** A second account's key (other account or other mode) for isolation tests. */
  newAccount(mode?: Mode): Promise<TestAccount>;
}

/** Where every harness clock starts. */
export const harnessStart = '2026-11-24T12:00:00.000Z';

/** `options.db`: run on another database than the worker's (a scratch one a test may break). */
export async function testApi(env: Record<string, string> = {}, options: { db?: Db } = {}): Promise<TestApi> {
  const db = options.db ?? (await testDb());
  const clock = new TestClock(new Date(harnessStart));
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', DATA_DIR: '/nonexistent', ...env });
  const logs = new LogCapture();
  const deps: AppDeps = {
    config: { ...config, databaseUrl: undefined },
    db,
    cache: await testCache(db),
    clock,
    logger: logs.logger,
  };
  const app = createApp(deps);
  const account = await createTestAccount('test', db);

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers = new Headers(options.headers);
    const key = options.key === undefined ? account.key : options.key;
    if (key !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const response = await app.request(path, { method, headers, body });
    await checkAgainstSpec(method, path, response);
    const observed = await observe(response);
    return { status: observed.status, headers: observed.headers, body: observed.body as T };
  }

  return {
    deps,
    logs,
    clock,
    account,
    app,
    request,
    newAccount: (mode = 'test') => createTestAccount(mode, db),
  };
}

async function checkAgainstSpec(method: string, path: string, response: Response): Promise<void> {
  const pathname = new URL(path, 'http://localhost').pathname;
  const operation = contract().match(method, pathname);
  if (operation) {
    await expectConforms(operation.operationId, response);
    recordCoverage(operation.operationId, response.status);
    return;
  }
  // Outside every operation (unknown route, wrong method): still a problem document with a Request-Id.
  const observed = await observe(response);
  const problem = contract().validateAt(problemSchemaPointer, observed.body);
  if (
    problem ||
    !observed.headers.get('request-id') ||
    observed.headers.get('content-type') !== 'application/problem+json'
  ) {
    throw new Error(
      `${method} ${pathname} → ${observed.status}: not an operation of the spec, and not a problem+json with Request-Id` +
        (problem ? ` (${problem.instancePath} ${problem.message})` : ''),
    );
  }
}
