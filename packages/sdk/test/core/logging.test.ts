/** logLevel / SOLIFYN_LOG / logger: what each level logs, and what is never logged. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SolifynError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import { json, problem, scriptedFetch } from '../helpers/scripted-fetch';
import { widget, widgetClient } from '../helpers/widgets-api';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A console-like sink that records every line it gets. */
function recorder() {
  const lines: { level: keyof Logger; args: unknown[] }[] = [];
  const at =
    (level: keyof Logger) =>
    (...args: unknown[]) =>
      void lines.push({ level, args });
  const logger: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  return { logger, lines, text: () => lines.map((l) => JSON.stringify(l.args)).join('\n') };
}

const create = (client: ReturnType<typeof widgetClient>) =>
  client.post(
    '/v1/widgets',
    { body: { displayName: 'Secret Product', customFields: { email: 'customer@example.com' } } },
    { idempotencyKey: 'idem_1' },
  );

describe('debug: one line per attempt', () => {
  it('logs method, path, status, duration, retry count and request id of every attempt', async () => {
    const { logger, lines } = recorder();
    const { fetch } = scriptedFetch(
      problem(503, 'service_unavailable', { request_id: 'req_First' }, { 'retry-after': '0' }),
      json(201, widget('w1'), { 'request-id': 'req_Second' }),
    );
    await create(widgetClient({ fetch, logLevel: 'debug', logger }));
    const debug = lines.filter((l) => l.level === 'debug');
    expect(debug.map((l) => l.args[0])).toEqual([
      expect.stringMatching(/^solifyn: POST \/v1\/widgets → 503 in \d+ ms$/),
      expect.stringMatching(/^solifyn: POST \/v1\/widgets → 201 in \d+ ms$/),
    ]);
    expect(debug.map((l) => l.args[1])).toEqual([
      {
        method: 'POST',
        path: '/v1/widgets',
        status: 503,
        durationMs: expect.any(Number),
        retryCount: 0,
        requestId: 'req_First',
      },
      {
        method: 'POST',
        path: '/v1/widgets',
        status: 201,
        durationMs: expect.any(Number),
        retryCount: 1,
        requestId: 'req_Second',
      },
    ]);
    expect(lines.filter((l) => l.level === 'info').map((l) => l.args[0])).toEqual([
      'solifyn: POST /v1/widgets → 503; retry 1 of 2 in 0 ms',
    ]);
  });

  it('names the error of an attempt that got no response', async () => {
    const { logger, lines } = recorder();
    const { fetch } = scriptedFetch(new TypeError('fetch failed'));
    const client = widgetClient({ fetch, logLevel: 'debug', logger, maxRetries: 0 });
    await expect(client.get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } })).rejects.toThrow();
    expect(lines[0]?.args[0]).toMatch(/^solifyn: GET \/v1\/widgets\/w1 → APIConnectionError in \d+ ms$/);
  });
});

describe('what is never logged', () => {
  it('neither the API key, nor bodies, query strings, emails or the idempotency key, at any level', async () => {
    const { logger, text } = recorder();
    const { fetch } = scriptedFetch(
      problem(500, 'internal_error', {}, { 'retry-after': '0' }),
      json(201, widget('w1', { display_name: 'Secret Product' })),
      json(200, { data: [], has_more: false, next_cursor: null }),
    );
    const client = widgetClient({ fetch, logLevel: 'debug', logger, apiKey: 'sk_test_VerySecretKey' });
    await create(client);
    await client.list('/v1/widgets', { query: { color: 'customer@example.com' } });
    const logged = text();
    expect(logged).toContain('GET /v1/widgets');
    for (const secret of ['sk_test_VerySecretKey', 'Secret Product', 'customer@example.com', 'idem_1', 'color=']) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe('levels', () => {
  it('defaults to warn: a successful or retried call logs nothing', async () => {
    vi.stubEnv('SOLIFYN_LOG', '');
    const { logger, lines } = recorder();
    const { fetch } = scriptedFetch(
      problem(503, 'service_unavailable', {}, { 'retry-after': '0' }),
      json(201, widget('w1')),
    );
    const client = widgetClient({ fetch, logger });
    expect(client.logLevel).toBe('warn');
    await create(client);
    expect(lines).toEqual([]);
  });

  it('warns when a Retry-After over 60 s stops the retries', async () => {
    const { logger, lines } = recorder();
    const { fetch } = scriptedFetch(problem(429, 'rate_limited', {}, { 'retry-after': '120' }));
    await expect(create(widgetClient({ fetch, logger }))).rejects.toThrow();
    expect(lines).toEqual([
      {
        level: 'warn',
        args: ['solifyn: POST /v1/widgets: not retried, the server asked to wait over 60 s (Retry-After).'],
      },
    ]);
  });

  it('turns on with SOLIFYN_LOG alone (case-insensitive), and the option wins over it', async () => {
    vi.stubEnv('SOLIFYN_LOG', 'DEBUG');
    const { logger, lines } = recorder();
    const { fetch } = scriptedFetch(json(201, widget('w1')), json(201, widget('w2')));
    await create(widgetClient({ fetch, logger }));
    expect(lines.map((l) => l.level)).toEqual(['debug']);
    await create(widgetClient({ fetch, logger, logLevel: 'off' }));
    expect(lines).toHaveLength(1);
  });

  it('logs to console by default', async () => {
    vi.stubEnv('SOLIFYN_LOG', 'info');
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    try {
      const { fetch } = scriptedFetch(problem(502, 'bad_gateway', {}, { 'retry-after': '0' }), json(201, widget('w1')));
      await create(widgetClient({ fetch }));
      expect(info).toHaveBeenCalledTimes(1);
      expect(debug).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
      debug.mockRestore();
    }
  });

  it('warns about an unknown SOLIFYN_LOG value and refuses an unknown logLevel option', () => {
    vi.stubEnv('SOLIFYN_LOG', 'verbose');
    const { logger, lines } = recorder();
    expect(widgetClient({ logger }).logLevel).toBe('warn');
    expect(lines[0]?.args[0]).toMatch(/SOLIFYN_LOG="verbose" is not one of off, error, warn, info, debug/);
    expect(() => widgetClient({ logLevel: 'verbose' as never })).toThrow(SolifynError);
  });
});
