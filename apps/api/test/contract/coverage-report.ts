/**
 * Contract coverage: which (operation × documented status) pairs the test run produced. Run after the suite
 * (`pnpm test` in apps/api does); fails listing every documented pair never seen, except the allowlist below.
 * `--reset` empties the record before a run.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { contract } from '@solifyn/contract';
import { coverageDir } from '../support/coverage';

/** Pairs no test produces, each with the reason. Keep it short. */
const allowlist: Record<string, string> = {};

if (process.argv.includes('--reset')) {
  rmSync(coverageDir, { recursive: true, force: true });
  process.exit(0);
}

const seen = new Set<string>();
if (existsSync(coverageDir)) {
  for (const file of readdirSync(coverageDir)) {
    for (const line of readFileSync(`${coverageDir}${file}`, 'utf8').split('\n')) if (line) seen.add(line);
  }
}

const documented: string[] = [];
for (const op of contract().operations) {
  for (const status of Object.keys(op.operation.responses)) {
    if (/^\d{3}$/.test(status)) documented.push(`${op.operationId} ${status}`);
  }
}
const missing = documented.filter((pair) => !seen.has(pair) && !(pair in allowlist));
const covered = documented.filter((pair) => seen.has(pair)).length;
console.log(
  `contract coverage: ${covered}/${documented.length} documented (operation, status) pairs produced by the tests`,
);
for (const [pair, reason] of Object.entries(allowlist)) console.log(`  allowed gap: ${pair} — ${reason}`);
if (missing.length > 0) {
  console.error(
    `Never produced by any test (add a test, or an allowlist entry with a reason):\n  ${missing.join('\n  ')}`,
  );
  process.exit(1);
}
