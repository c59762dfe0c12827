/**
 * A benchmark server in its own process (forked by run.ts, so the load generator never shares its event loop).
 * BENCH_SERVER picks what it serves on 127.0.0.1, port 0:
 *   echo   — bare Hono, POST /echo returns the JSON body (the ceiling of HTTP + JSON on this machine)
 *   store  — bare Hono on the project's Db: POST /insert runs one parameterised INSERT into a scratch table, and
 *            GET /select/:id one parameterised SELECT by primary key (the two store floors)
 *   api    — the real app (createApp) on demo data with the background jobs of `pnpm start` (no webhook worker),
 *            its Db wrapped to count round trips
 * Talks to the parent over IPC: `ready` once listening; answers `stats` (RSS, round trips) and `reset`; exits on `stop`.
 */
import { Hono } from 'hono';
import { bufferedDestination, createLogger } from '../src/log';
import { meteredDb, Metrics } from '../src/metrics';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { seedDemoData } from '../src/demo';
import { buildPrices } from '../src/domain/products';
import { randomId } from '../src/domain/ids';
import { type AppDeps, systemClock } from '../src/deps';
import { KeyUsage, startKeyUsageFlusher } from '../src/jobs/key-usage';
import { startStatisticsJob } from '../src/jobs/statistics';
import { startSweeper } from '../src/jobs/sweeper';
import { connectRedis } from '../src/http/rate-limit';
import { StoreCache } from '../src/store/cache';
import type { Db } from '../src/store/db';
import { createServer, listen } from '../src/server';
import { openDb } from '../src/store/open';
import { insertProduct } from '../src/store/products';
import { countingDb, type RoundTrips } from './counting-db';

export type ServerKind = 'echo' | 'store' | 'api';

export interface DemoFixture {
  key: string;
  fixedProductId: string;
}

export type ChildMessage =
  | { type: 'ready'; port: number; demo: DemoFixture | null }
  | { type: 'stats'; rss: number; roundTrips: number; requests: number };

export type ParentMessage = { type: 'stats' } | { type: 'reset' } | { type: 'stop' };

/** Products beyond the demo's two, so `GET /v1/products?limit=20` returns a full page with `has_more`. */
const extraProducts = 23;

const roundTrips: RoundTrips = { count: 0 };
/** Requests the app answered since the last reset (the load generator does not count those cut by a slice's end). */
let requests = 0;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function echoApp(): Promise<{ app: Hono; db: null; demo: null }> {
  const app = new Hono();
  app.post('/echo', async (c) => c.json(await c.req.json()));
  return { app, db: null, demo: null };
}

async function storeApp(): Promise<{ app: Hono; db: Db; demo: null }> {
  const db = await openDb(loadConfig());
  await db.query(
    `create table if not exists bench_scratch (
       id bigserial primary key, name text not null, amount bigint not null, created_at timestamptz not null default now())`,
  );
  await db.query(`insert into bench_scratch (name, amount) select 'bench', 2900 from generate_series(1, 1000)`);
  const app = new Hono();
  app.post('/insert', async (c) => {
    const body = await c.req.json<{ name: string; amount: number }>();
    await db.query('insert into bench_scratch (name, amount) values ($1, $2)', [body.name, body.amount]);
    return c.json({ ok: true }, 201);
  });
  app.get('/select/:id', async (c) => {
    const [row] = await db.query('select id, name, amount, created_at from bench_scratch where id = $1', [
      Number(c.req.param('id')),
    ]);
    return row ? c.json(row) : c.json({ error: 'not found' }, 404);
  });
  return { app, db, demo: null };
}

async function apiApp(): Promise<{ app: Hono; db: Db; demo: DemoFixture }> {
  const config = loadConfig();
  const counted = countingDb(await openDb(config), roundTrips);
  // As `pnpm start` with METRICS_PORT set: every statement timed, requests counted (BENCH_METRICS=off: none).
  const metrics = process.env.BENCH_METRICS === 'off' ? undefined : new Metrics(counted);
  const db = metrics ? meteredDb(counted, metrics) : counted;
  const now = systemClock.now();
  const demo = await seedDemoData(db, now);
  if (!demo) throw new Error('The benchmark store already has data; it expects a fresh one');
  for (let i = 0; i < extraProducts; i++) {
    await insertProduct(
      db,
      { accountId: demo.accountId, mode: 'test' },
      randomId('prod'),
      {
        name: `Bench product ${i + 1}`,
        description: null,
        pricingType: 'fixed',
        prices: buildPrices('fixed', [{ currency: 'usd', amount: 10 + i }]),
        defaultCurrency: 'usd',
        redirectUrl: null,
        active: true,
      },
      new Date(now.getTime() + i + 1),
    );
  }
  const cache = new StoreCache(db);
  await cache.start();
  const redis = config.redisUrl && config.rateLimit ? await connectRedis(config.redisUrl) : undefined;
  // Access log as in production (LOG_LEVEL, set by run.ts), written where it costs what stdout would: /dev/null.
  const logger = createLogger(config.log, bufferedDestination('/dev/null'));
  const keyUsage = new KeyUsage();
  const deps: AppDeps = {
    config,
    db,
    cache,
    clock: systemClock,
    logger,
    keyUsage,
    ...(redis ? { redis } : {}),
    ...(metrics ? { metrics } : {}),
  };
  // The background jobs `pnpm start` runs (the webhook worker is off): what they cost, and the planner statistics
  // PGlite's hot lookups depend on.
  startSweeper(deps, config.sweepIntervalMs);
  startStatisticsJob(deps);
  startKeyUsageFlusher(deps, keyUsage);
  const app = createApp(deps);
  return { app: app as unknown as Hono, db, demo: { key: demo.key, fixedProductId: demo.fixedProductId } };
}

async function main(): Promise<void> {
  const kind = process.env.BENCH_SERVER as ServerKind | undefined;
  const { app, db, demo } =
    kind === 'echo'
      ? await echoApp()
      : kind === 'store'
        ? await storeApp()
        : kind === 'api'
          ? await apiApp()
          : fail(kind);

  // The server `pnpm start` runs, with its settings (timeouts, body draining).
  const config = loadConfig();
  const server = createServer(
    (request, env) => {
      requests += 1;
      return app.fetch(request, env);
    },
    config.http,
    config.docsUrl,
  );
  const { port } = await listen(server, 0, '127.0.0.1');
  send({ type: 'ready', port, demo });

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    server.close();
    await db?.close();
    process.exit(0);
  }
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') {
      send({ type: 'stats', rss: process.memoryUsage.rss(), roundTrips: roundTrips.count, requests });
    } else if (message.type === 'reset') {
      roundTrips.count = 0;
      requests = 0;
    } else if (message.type === 'stop') void stop();
  });
  // The parent went away (crashed or interrupted): never outlive it.
  process.on('disconnect', () => void stop());
}

function fail(kind: string | undefined): never {
  throw new Error(`BENCH_SERVER must be echo, store or api, got ${String(kind)}`);
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
