import type { AppDeps } from '../deps';

export interface PeriodicJob {
  /** Stops the timer and waits for a run in progress (then runs once more with `runAtStop`). */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs`, never two at once, and logs each run as one `job run` line with what `run` returns
 * — none when it returns null (nothing to report) — and a failure as one `error` line; the next interval tries again.
 */
export function runPeriodically(
  deps: Pick<AppDeps, 'logger'>,
  job: string,
  run: () => Promise<Record<string, unknown> | null>,
  options: { intervalMs: number; runAtStart?: boolean; runAtStop?: boolean },
): PeriodicJob {
  const once = async () => {
    const started = performance.now();
    try {
      const outcome = await run();
      if (outcome === null) return;
      deps.logger.info({ msg: 'job run', job, ...outcome, duration_ms: Math.round(performance.now() - started) });
    } catch (error) {
      deps.logger.error({ msg: 'job run failed; retried at the next interval', job, err: error });
    }
  };
  let running: Promise<void> = options.runAtStart ? once() : Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(once);
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      if (options.runAtStop) await once();
    },
  };
}
