import { appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where each test process appends the (operation, status) pairs it saw; test/contract/coverage-report.ts reads them. */
export const coverageDir = fileURLToPath(new URL('../../test-results/contract-coverage/', import.meta.url));

const seen = new Set<string>();

/** Notes that a test produced `status` for `operationId` (once per process). */
export function recordCoverage(operationId: string, status: number): void {
  const pair = `${operationId} ${status}`;
  if (seen.has(pair)) return;
  seen.add(pair);
  mkdirSync(coverageDir, { recursive: true });
  appendFileSync(`${coverageDir}${process.pid}.txt`, `${pair}\n`);
}
