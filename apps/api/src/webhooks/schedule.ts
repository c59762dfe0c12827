/** Up to this share of a retry delay is added at random, so deliveries that failed together do not retry together. */
export const jitterRatio = 0.1;

/**
 * When to make the next attempt after attempt `roundAttempt` (1-based) of a delivery failed at `now`, or null when
 * that was the last one the schedule allows. `schedule[n]` is the delay in seconds before attempt n + 1.
 */
export function nextAttemptAt(
  schedule: readonly number[],
  roundAttempt: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  if (roundAttempt >= schedule.length) return null;
  const delayMs = schedule[roundAttempt]! * 1000;
  return new Date(now.getTime() + Math.round(delayMs * (1 + random() * jitterRatio)));
}

/**
 * How long a claimed delivery stays reserved for its worker: well past the attempt's own timeout, so only a worker
 * that died (or lost its database connection) mid-attempt ever has its delivery claimed again.
 */
export function leaseMs(timeoutMs: number): number {
  return 2 * timeoutMs + 30_000;
}
