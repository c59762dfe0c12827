/**
 * Fault injection for the crash tests (test/crash/): with `SOLIFYN_CRASH_AT=<step>` in its environment, the
 * process kills itself with SIGKILL when it reaches that step — the same death as `kill -9` at that instant, so
 * no `finally`, no flush, no graceful close runs. Unset (always, outside those tests) a step costs one comparison.
 */
export type CrashStep =
  | 'checkout.create:before-write'
  | 'checkout.create:after-write'
  | 'refund.create:after-write'
  | 'idempotency:before-commit'
  | 'idempotency:after-commit';

const crashAt = process.env.SOLIFYN_CRASH_AT?.trim() || undefined;

export function crashPoint(step: CrashStep): void {
  if (crashAt === step) process.kill(process.pid, 'SIGKILL');
}
