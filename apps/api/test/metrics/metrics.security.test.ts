import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics, startMetricsServer } from '../../src/metrics';
import { testApi } from '../support/api';
import { testDb } from '../support/db';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('metrics are not public (security)', () => {
  it('the API does not serve /metrics', async () => {
    const api = await testApi();
    const res = await api.request('GET', '/metrics', { key: null });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
  });

  it('the metrics server answers GET /metrics only, bound where it was told (127.0.0.1 by default)', async () => {
    server = await startMetricsServer(new Metrics(await testDb()), 0, '127.0.0.1');
    const { address, port } = server.address() as AddressInfo;
    expect(address).toBe('127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    for (const [path, method] of [
      ['/', 'GET'],
      ['/metrics/../v1/products', 'GET'],
      ['/metrics', 'POST'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method });
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    }
  });
});
