import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { jitterRatio, leaseMs, nextAttemptAt } from '../../src/webhooks/schedule';

describe('webhook configuration (happy)', () => {
  it('defaults: worker on, the DESIGN schedule, 10 s timeout, 1 s poll', () => {
    expect(loadConfig({}).webhooks).toEqual({
      worker: true,
      retrySchedule: [0, 5, 300, 1800, 7200, 18000, 36000, 36000],
      timeoutMs: 10_000,
      pollIntervalMs: 1000,
    });
  });

  it('reads WEBHOOK_WORKER, WEBHOOK_RETRY_SCHEDULE (spaces allowed), WEBHOOK_TIMEOUT_MS, WEBHOOK_POLL_INTERVAL_MS', () => {
    const env = {
      WEBHOOK_WORKER: 'off',
      WEBHOOK_RETRY_SCHEDULE: '0, 1, 60',
      WEBHOOK_TIMEOUT_MS: '2500',
      WEBHOOK_POLL_INTERVAL_MS: '50',
    };
    expect(loadConfig(env).webhooks).toEqual({
      worker: false,
      retrySchedule: [0, 1, 60],
      timeoutMs: 2500,
      pollIntervalMs: 50,
    });
    expect(loadConfig({ WEBHOOK_WORKER: 'on', WEBHOOK_RETRY_SCHEDULE: '0' }).webhooks).toMatchObject({
      worker: true,
      retrySchedule: [0],
    });
  });
});

describe('retry schedule (happy)', () => {
  const schedule = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];
  const now = new Date('2026-11-24T12:00:00Z');

  it('after attempt n the next is schedule[n] seconds later; after the last there is none', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map(
      (n) => (nextAttemptAt(schedule, n, now, () => 0)!.getTime() - now.getTime()) / 1000,
    );
    expect(delays).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(nextAttemptAt(schedule, 8, now, () => 0)).toBeNull();
    expect(nextAttemptAt([0], 1, now)).toBeNull();
  });

  it(`adds at most ${jitterRatio * 100} % jitter, never less than the schedule`, () => {
    for (const random of [0, 0.5, 0.999999]) {
      const delay = nextAttemptAt(schedule, 2, now, () => random)!.getTime() - now.getTime();
      expect(delay).toBeGreaterThanOrEqual(300_000);
      expect(delay).toBeLessThanOrEqual(300_000 * (1 + jitterRatio));
    }
  });

  it('a claim is held well past the attempt timeout', () => {
    expect(leaseMs(10_000)).toBeGreaterThan(2 * 10_000);
  });
});
