import { randomId } from '../domain/ids';
import type { AppDeps } from '../deps';
import { expireDueCheckoutSessions } from '../store/checkout-sessions';
import { insertEvent } from '../store/events';
import { deleteExpiredIdempotencyKeys } from '../store/idempotency';
import { checkoutSessionOnWire } from '../wire/checkout-session';

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

export interface Sweeper {
  stop(): Promise<void>;
}

/** Runs the sweeps every `intervalMs` (never two at once); `stop()` waits for a running sweep to finish. */
export function startSweeper(deps: AppDeps, intervalMs: number): Sweeper {
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    const started = performance.now();
    try {
      const expired = await expireCheckoutSessions(deps);
      await deleteStaleRecords(deps);
      deps.logger.info({
        msg: 'job run',
        job: 'sweeper',
        expired_sessions: expired,
        duration_ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      deps.logger.error({ msg: 'job run failed; retried at the next interval', job: 'sweeper', err: error });
    }
  };
  void (running = sweep());
  const timer = setInterval(() => {
    running = running.then(sweep);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
