import { describe, expect, it } from 'vitest';
import { json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

const create = (client: ReturnType<typeof widgetClient>, options = {}) =>
  client.post('/v1/widgets', { body: { displayName: 'Blue' } }, options);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idempotency keys', () => {
  it('sends the same generated Idempotency-Key on every retry of one POST', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(409, 'idempotency_key_in_use', {}, { 'retry-after-ms': '1' }),
      problem(500, 'internal_error', {}, { 'retry-after-ms': '1' }),
      json(201, widget('w1')),
    );
    await create(widgetClient({ fetch }));
    const keys = calls.map((c) => c.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
  });

  it('generates a fresh key for each POST call', async () => {
    const { fetch, calls } = scriptedFetch(json(201, widget('w1')), json(201, widget('w2')));
    const client = widgetClient({ fetch });
    await create(client);
    await create(client);
    expect(calls[0]!.headers.get('idempotency-key')).not.toBe(calls[1]!.headers.get('idempotency-key'));
  });

  it('uses the caller-supplied idempotencyKey, across retries too', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'x', {}, { 'retry-after-ms': '1' }), json(201, widget('w1')));
    await create(widgetClient({ fetch }), { idempotencyKey: 'order-42-attempt' });
    expect(calls.map((c) => c.headers.get('idempotency-key'))).toEqual(['order-42-attempt', 'order-42-attempt']);
  });

  it('sends no Idempotency-Key on GET or DELETE', async () => {
    const { fetch, calls } = scriptedFetch(json(200, widget('w1')), json(200, { id: 'w1', deleted: true }));
    const client = widgetClient({ fetch });
    await client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    await client.delete('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    expect(calls.map((c) => c.headers.has('idempotency-key'))).toEqual([false, false]);
  });
});
