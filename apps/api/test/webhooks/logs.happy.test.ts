import { describe, expect, it } from 'vitest';
import { startSweeper } from '../../src/jobs/sweeper';
import { createEndpoint, deliverOnce, emitCheckoutExpired, startReceiver, webhookPerTest } from './support';

const t = webhookPerTest();

describe('worker and job logs (happy)', () => {
  it('one line per webhook attempt: ids, attempt, response status, outcome, never the URL or the payload', async () => {
    const { api, receiver } = t;
    const endpoint = await createEndpoint(api, `${receiver.url}?token=receiver-secret-token`, ['checkout.expired']);
    const eventId = await emitCheckoutExpired(api);
    api.logs.clear();
    expect(await deliverOnce(api.deps)).toBe(1);
    const attempts = api.logs.lines.filter((line) => line.msg === 'webhook attempt');
    expect(attempts).toEqual([
      expect.objectContaining({
        level: 30,
        event_id: eventId,
        event_type: 'checkout.expired',
        endpoint_id: endpoint.id,
        attempt: 1,
        response_status: 204,
        outcome: 'succeeded',
        error: null,
        next_attempt_at: null,
        duration_ms: expect.any(Number),
      }),
    ]);
    const raw = api.logs.raw.join('');
    expect(raw).not.toContain('receiver-secret-token');
    expect(raw).not.toContain(receiver.url);
    expect(raw).not.toContain('"data"');
  });

  it('a failed attempt says it will be retried and when', async () => {
    const { api, receiver } = t;
    await receiver.close();
    await createEndpoint(api, receiver.url, ['checkout.expired']);
    await emitCheckoutExpired(api);
    api.logs.clear();
    await deliverOnce(api.deps);
    const [attempt] = api.logs.lines.filter((line) => line.msg === 'webhook attempt');
    expect(attempt).toMatchObject({ outcome: 'retrying', response_status: null, error: expect.any(String) });
    expect(Date.parse(attempt!.next_attempt_at as string)).toBeGreaterThan(api.clock.now().getTime());
    t.receiver = await startReceiver();
  });

  it('one line per sweeper run, with what it did', async () => {
    const { api } = t;
    api.logs.clear();
    const sweeper = startSweeper(api.deps, 60_000);
    await sweeper.stop();
    expect(api.logs.lines.filter((line) => line.msg === 'job run')).toEqual([
      expect.objectContaining({ job: 'sweeper', expired_sessions: 0, duration_ms: expect.any(Number) }),
    ]);
  });
});
