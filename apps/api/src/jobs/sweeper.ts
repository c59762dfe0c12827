import { randomId } from '../domain/ids';
import type { AppDeps } from '../deps';
import { expireDueCheckoutSessions } from '../store/checkout-sessions';
import { insertEvent } from '../store/events';
import { deleteExpiredIdempotencyKeys } from '../store/idempotency';
import { checkoutSessionOnWire } from '../wire/checkout-session';
import { type PeriodicJob, runPeriodically } from './periodic';

const batchSize = 200;

/**
 * Writes `expired` on open sessions past their expiry, each with its `checkout.expired` event in the same
 * transaction. Safe on several replicas at once (rows are claimed with SKIP LOCKED). Returns how many expired.
 */
export async function expireCheckoutSessions(deps: AppDeps): Promise<number> {
  const { db, clock, config } = deps;
  let total = 0;
  for (;;) {
    const now = clock.now();
    const count = await db.transaction(async (tx) => {
      const sessions = await expireDueCheckoutSessions(tx, now, batchSize);
      for (const session of sessions) {
        const object = checkoutSessionOnWire(config.publicUrl, session, now);
        await insertEvent(
          tx,
          { accountId: session.accountId, mode: session.mode },
          { id: randomId('evt'), type: 'checkout.expired', object },
          now,
        );
      }
      return sessions.length;
    });
    total += count;
    if (count < batchSize) return total;
  }
}

/** Housekeeping: expired idempotency keys. */
export async function deleteStaleRecords(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  await deleteExpiredIdempotencyKeys(deps.db, now);
}

/** Runs the sweeps every `intervalMs` (the first at once, never two at once); `stop()` waits for a running one. */
export function startSweeper(deps: AppDeps, intervalMs: number): PeriodicJob {
  return runPeriodically(
    deps,
    'sweeper',
    async () => {
      const expired = await expireCheckoutSessions(deps);
      await deleteStaleRecords(deps);
      return { expired_sessions: expired };
    },
    { intervalMs, runAtStart: true },
  );
}
