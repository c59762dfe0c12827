import { beforeEach } from 'vitest';
import { type ApiResponse, harnessStart, type TestApi, testApi } from '../support/api';
import { fixedProduct } from '../support/fixtures';

export const minutes = (n: number) => n * 60_000;
/** The harness clock's start plus `ms`, as an RFC 3339 `expiresAt`. */
export const at = (ms: number) => new Date(Date.parse(harnessStart) + ms).toISOString();

/** What each test of the session-options suites gets from `sessionOptionsPerTest`: set before the test runs. */
export interface SessionOptionsContext {
  api: TestApi;
  product: { id: string };
  /** POST /v1/checkout/create with `body`. */
  create(body: Record<string, unknown>, headers?: Record<string, string>): Promise<ApiResponse>;
}

/** A fresh app and a fixed product for each test. */
export function sessionOptionsPerTest(): SessionOptionsContext {
  const context = {
    create: (body, headers) => context.api.request('POST', '/v1/checkout/create', { body, headers }),
  } as SessionOptionsContext;
  beforeEach(async () => {
    context.api = await testApi();
    context.product = await fixedProduct(context.api);
  });
  return context;
}
