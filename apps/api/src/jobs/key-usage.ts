import type { AppDeps } from '../deps';
import { recordApiKeyUsage } from '../store/accounts';
import { type PeriodicJob, runPeriodically } from './periodic';

/** How often a process writes when its keys were last used: `last_used_at` is exact to within this. */
export const keyUsageFlushIntervalMs = 60_000;

/**
 * When each API key was last used, kept in memory by authentication (a Map write per request, no SQL) and written
 * by `flush` in one statement. A process killed between flushes loses at most the last interval of `last_used_at`.
 */
export class KeyUsage {
  #pending = new Map<string, Date>();

  touch(keyId: string, at: Date): void {
    const previous = this.#pending.get(keyId);
    if (!previous || previous.getTime() < at.getTime()) this.#pending.set(keyId, at);
  }

  /** Writes what was recorded since the last flush; kept for the next one if the write fails. */
  async flush(db: AppDeps['db']): Promise<number> {
    if (this.#pending.size === 0) return 0;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await recordApiKeyUsage(db, batch);
    } catch (error) {
      for (const [keyId, at] of batch) this.touch(keyId, at);
      throw error;
    }
    return batch.size;
  }
}

/** Flushes `usage` every `intervalMs` (never two at once); `stop()` waits for a running flush, then flushes once more. */
export function startKeyUsageFlusher(
  deps: AppDeps,
  usage: KeyUsage,
  intervalMs = keyUsageFlushIntervalMs,
): PeriodicJob {
  return runPeriodically(deps, 'key-usage', async () => ({ keys_written: await usage.flush(deps.db) }), {
    intervalMs,
    runAtStop: true,
  });
}
