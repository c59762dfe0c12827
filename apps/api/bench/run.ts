/**
 * `pnpm bench`: throughput and latency of the API's hot paths, as ratios against baselines measured in the same run
 * on the same machine (never thresholds from another one). See "Benchmarks" in the README.
 *
 * For each engine — embedded PGlite in temp DATA_DIRs, and PostgreSQL in scratch databases `<db>_bench_<n>` when
 * DATABASE_URL is set — it starts servers in child processes on 127.0.0.1 and drives them with a closed-loop load
 * (BENCH_CONNECTIONS keep-alive connections, BENCH_WARMUP_SECONDS unmeasured, then BENCH_DURATION_SECONDS cut into
 * BENCH_SLICES slices that take turns with the servers it is compared with).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDb } from '../src/store/open';
import { combineRuns, type LoadOptions, type LoadRequest, type LoadResult, type LoadRun, once, runLoad } from './load';
import type { ChildMessage, DemoFixture, ParentMessage, ServerKind } from './server';

const serverPath = fileURLToPath(new URL('./server.ts', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
/** Sequential requests per scenario over which SQL round trips are counted. */
const countedRequests = 20;

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name}: expected an integer ${min}–${max}, got "${raw}"`);
  return value;
}

const load: Omit<LoadOptions, 'port'> & { slices: number } = {
  connections: wholeNumber('BENCH_CONNECTIONS', 50, 1, 256),
  warmupMs: wholeNumber('BENCH_WARMUP_SECONDS', 1, 0, 60) * 1000,
  durationMs: wholeNumber('BENCH_DURATION_SECONDS', 5, 1, 60) * 1000,
  maxRequests: 2_000_000,
  slices: wholeNumber('BENCH_SLICES', 10, 1, 50),
};

type Engine = 'pglite' | 'postgres';

interface ScenarioResult extends LoadResult {
  engine: Engine | 'none';
  name: string;
  /** Peak RSS of the server process while under load, in MB. */
  rssMb: number;
  /** Statements sent to the database per request, over 20 sequential requests (api scenarios only). */
  sqlPerRequest: number | null;
  /**
   * The same under the measured load: the server's statements during its slices ÷ the requests it answered in them
   * (its background jobs and heartbeats included). Lower than `sqlPerRequest` where concurrent requests share work.
   */
  sqlPerRequestLoaded: number | null;
  /** req/s ÷ req/s of the one-INSERT baseline on the same engine. */
  vsInsert: number | null;
  /** req/s ÷ req/s of the one-SELECT baseline on the same engine. */
  vsSelect: number | null;
  /**
   * The same ratio in each round of slices alone (this scenario's slice ÷ the baseline's slice of the round), sorted:
   * how far this machine moved the ratio within the run.
   */
  baselineRatioByRound: number[] | null;
  /** Per round, this scenario's slice ÷ the same scenario's slice on the server without logs and metrics, sorted. */
  telemetryRatioByRound: number[] | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Server child processes

interface Server {
  port: number;
  demo: DemoFixture | null;
  stats(): Promise<{ rss: number; roundTrips: number; requests: number }>;
  reset(): void;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

async function startServer(kind: ServerKind, env: Record<string, string>): Promise<Server> {
  const child = fork(serverPath, [], {
    execArgv: ['--import', 'tsx'],
    // Production settings: rate limiting on (a limit never reached), counted in Redis when REDIS_URL is set.
    env: {
      ...process.env,
      // The access log at info, as `pnpm start` has it, and the metrics kept (the "telemetry off" server says not).
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      BENCH_METRICS: process.env.BENCH_METRICS ?? 'on',
      ...env,
      LOG_FORMAT: 'json',
      BENCH_SERVER: kind,
      RATE_LIMIT_REQUESTS: '1000000000',
      RATE_LIMIT_WINDOW_SECONDS: '1',
      WEBHOOK_WORKER: 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const statsWaiters: ((stats: { rss: number; roundTrips: number; requests: number }) => void)[] = [];
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 120 s`)), 120_000);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'stats') {
        statsWaiters.shift()?.({ rss: message.rss, roundTrips: message.roundTrips, requests: message.requests });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited with ${code} before listening`));
    });
  });
  const tell = (message: ParentMessage): void => {
    child.send(message);
  };
  return {
    port: ready.port,
    demo: ready.demo,
    stats: () =>
      new Promise((resolve) => {
        statsWaiters.push(resolve);
        tell({ type: 'stats' });
      }),
    reset: () => tell({ type: 'reset' }),
    async stop() {
      tell({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

/** One server and the request it is measured with, as a row of the report. */
interface Entry {
  server: Server;
  engine: Engine | 'none';
  name: string;
  req: LoadRequest;
  /** Count SQL statements per request after the measurement (api scenarios). */
  countSql: boolean;
}

/**
 * Measures entries side by side: each gets a warm-up, then the measured duration is cut into slices that take turns
 * (ABC CBA ABC …), so a machine that slows down or speeds up during the run — another VM on the host, the CPU's
 * clock — weighs on every entry alike and the ratios between them stay put. Each entry's figures are its slices
 * together.
 */
async function measureSideBySide(
  entries: Entry[],
): Promise<{ entry: Entry; runs: LoadRun[]; rss: number; sqlPerRequest: number | null }[]> {
  const measured = entries.map((entry) => ({
    entry,
    runs: [] as LoadRun[],
    rss: 0,
    /** Statements ÷ requests answered during the slices (entries with countSql). */
    sqlPerRequest: null as number | null,
  }));
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const m of measured) m.rss = Math.max(m.rss, (await m.entry.server.stats()).rss);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const slice = (entry: Entry, durationMs: number) =>
    runLoad({ ...load, port: entry.server.port, warmupMs: 0, durationMs }, entry.req);
  for (const { entry } of measured) if (load.warmupMs > 0) await slice(entry, load.warmupMs);
  // Statements counted from here (IPC is ordered: once stats() answers, the reset is done). A server in this
  // comparison serves no one else meanwhile, so its count is its slices' (and its background jobs').
  const counted = measured.filter((m) => m.entry.countSql);
  for (const m of counted) {
    m.entry.server.reset();
    await m.entry.server.stats();
  }
  const sliceMs = load.durationMs / load.slices;
  for (let round = 0; round < load.slices; round++) {
    const order = round % 2 === 0 ? measured : [...measured].reverse();
    for (const m of order) m.runs.push(await slice(m.entry, sliceMs));
  }
  for (const m of counted) {
    const { roundTrips, requests } = await m.entry.server.stats();
    m.sqlPerRequest = requests > 0 ? roundTrips / requests : null;
  }
  sampling = false;
  await sampler;
  return measured;
}

async function sqlPerRequest({ server, name, req }: Entry): Promise<number> {
  server.reset();
  for (let i = 0; i < countedRequests; i++) {
    const reply = await once(server.port, req);
    if (reply.status < 200 || reply.status > 299) throw new Error(`${name}: ${reply.status} ${reply.body}`);
  }
  return (await server.stats()).roundTrips / countedRequests;
}

async function report(
  entry: Entry,
  runs: LoadRun[],
  rss: number,
  sqlPerRequestLoaded: number | null,
): Promise<ScenarioResult> {
  const result = combineRuns(runs);
  const scenario: ScenarioResult = {
    engine: entry.engine,
    name: entry.name,
    ...result,
    rssMb: rss / 2 ** 20,
    sqlPerRequest: entry.countSql ? await sqlPerRequest(entry) : null,
    sqlPerRequestLoaded,
    vsInsert: null,
    vsSelect: null,
    baselineRatioByRound: null,
    telemetryRatioByRound: null,
  };
  console.log(
    `  ${entry.name.padEnd(56)} ${fmt(result.requestsPerSecond, 0).padStart(7)} req/s  p99 ${fmt(result.latencyMs.p99, 1)} ms`,
  );
  return scenario;
}

const telemetryOff = ' (logs and metrics off)';

/** The demo's key, the seed's create body, and one checkout created with them (for the GET scenario). */
async function checkoutFixture(
  api: Server,
): Promise<{ auth: Record<string, string>; createBody: string; checkoutId: string }> {
  const demo = api.demo!;
  const auth = { authorization: `Bearer ${demo.key}` };
  const createBody = JSON.stringify({
    productId: demo.fixedProductId,
    quantity: 1,
    customerEmail: 'customer@example.com',
    customFields: { userId: 'user_9983' },
  });
  const created = await once(api.port, {
    method: 'POST',
    path: '/v1/checkout/create',
    headers: auth,
    body: createBody,
  });
  if (created.status !== 201) throw new Error(`creating a checkout failed: ${created.status} ${created.body}`);
  return { auth, createBody, checkoutId: (JSON.parse(created.body) as { id: string }).id };
}

/** The API scenarios, in the order they run (a list creates products that would push the seeded ones away). */
function apiScenarios({
  auth,
  createBody,
  checkoutId,
}: Awaited<ReturnType<typeof checkoutFixture>>): [string, LoadRequest][] {
  return [
    ['GET /livez', { method: 'GET', path: '/livez' }],
    ['GET /healthz', { method: 'GET', path: '/healthz' }],
    ['POST /v1/checkout/create', { method: 'POST', path: '/v1/checkout/create', headers: auth, body: createBody }],
    [
      'POST /v1/checkout/create + Idempotency-Key',
      {
        method: 'POST',
        path: '/v1/checkout/create',
        headers: auth,
        body: createBody,
        perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }),
      },
    ],
    ['GET /v1/checkout/{id}', { method: 'GET', path: `/v1/checkout/${checkoutId}`, headers: auth }],
    ['GET /v1/products?limit=20', { method: 'GET', path: '/v1/products?limit=20', headers: auth }],
    [
      'POST /v1/products',
      {
        method: 'POST',
        path: '/v1/products',
        headers: auth,
        body: JSON.stringify({ name: 'Bench pack', prices: [{ currency: 'usd', amount: 29 }] }),
      },
    ],
  ];
}

/**
 * One engine: the store floors (one INSERT, one SELECT) and the API twice — as `pnpm start` runs it, and without
 * access log and metrics (issue 15's cost check) — each server in its own process on its own fresh store. Each API
 * scenario is measured side by side with its floor (INSERT for a POST, SELECT for a GET under /v1) and the same
 * scenario on the server without telemetry; its ratios are to those slices. The floors' own rows are all their
 * slices together.
 */
async function benchEngine(engine: Engine, freshEnv: () => Promise<Record<string, string>>): Promise<ScenarioResult[]> {
  console.log(`${engine}:`);
  const store = await startServer('store', await freshEnv());
  const api = await startServer('api', await freshEnv());
  const quiet = await startServer('api', { ...(await freshEnv()), LOG_LEVEL: 'silent', BENCH_METRICS: 'off' });
  try {
    const insert: Entry = {
      server: store,
      engine,
      name: 'baseline: Hono + one INSERT',
      req: { method: 'POST', path: '/insert', body: JSON.stringify({ name: 'bench', amount: 2900 }) },
      countSql: false,
    };
    const select: Entry = {
      server: store,
      engine,
      name: 'baseline: Hono + one SELECT',
      req: { method: 'GET', path: '/select/500' },
      countSql: false,
    };
    const floorRuns = new Map<Entry, { runs: LoadRun[]; rss: number }>([
      [insert, { runs: [], rss: 0 }],
      [select, { runs: [], rss: 0 }],
    ]);
    const rows: ScenarioResult[] = [];
    const withTelemetry = apiScenarios(await checkoutFixture(api));
    const withoutTelemetry = apiScenarios(await checkoutFixture(quiet));
    for (const [i, [name, req]] of withTelemetry.entries()) {
      const floor = req.method === 'POST' ? insert : req.path.startsWith('/v1/') ? select : null;
      const on: Entry = { server: api, engine, name, req, countSql: true };
      const off: Entry = {
        server: quiet,
        engine,
        name: `${name}${telemetryOff}`,
        req: withoutTelemetry[i]![1],
        countSql: false,
      };
      const measured = new Map(
        (await measureSideBySide(floor ? [floor, on, off] : [on, off])).map((m) => [m.entry, m]),
      );
      const onRow = await report(on, measured.get(on)!.runs, measured.get(on)!.rss, measured.get(on)!.sqlPerRequest);
      const offRow = await report(off, measured.get(off)!.runs, measured.get(off)!.rss, null);
      onRow.telemetryRatioByRound = byRound(measured.get(on)!.runs, measured.get(off)!.runs);
      if (floor) {
        const { runs, rss } = measured.get(floor)!;
        const kept = floorRuns.get(floor)!;
        kept.runs.push(...runs);
        kept.rss = Math.max(kept.rss, rss);
        const floorRps = combineRuns(runs).requestsPerSecond;
        for (const row of [onRow, offRow])
          row[floor === insert ? 'vsInsert' : 'vsSelect'] = row.requestsPerSecond / floorRps;
        onRow.baselineRatioByRound = byRound(measured.get(on)!.runs, runs);
      }
      rows.push(onRow, offRow);
    }
    const floors = await Promise.all([...floorRuns].map(([entry, { runs, rss }]) => report(entry, runs, rss, null)));
    return [
      ...floors,
      ...rows.filter((r) => !r.name.endsWith(telemetryOff)),
      ...rows.filter((r) => r.name.endsWith(telemetryOff)),
    ];
  } finally {
    await Promise.all([store.stop(), api.stop(), quiet.stop()]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Stores

const cleanups: (() => Promise<void> | void)[] = [];

async function runCleanups(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

/**
 * A temp DATA_DIR, created (initdb, migrations) here: a PGlite that ran initdb itself keeps initdb's memory and
 * serves slower afterwards than one opened on an existing data dir, as `pnpm start` after the first start does.
 */
async function pgliteEnv(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'solifyn-bench-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  await (await openDb({ dataDir, databaseUrl: undefined })).close();
  return { DATA_DIR: dataDir, DATABASE_URL: '' };
}

let benchDatabases = 0;

/** A fresh `<db>_bench_<n>` next to DATABASE_URL's database (never the main database's tables), dropped afterwards. */
async function postgresEnv(databaseUrl: string): Promise<Record<string, string>> {
  const url = new URL(databaseUrl);
  const name = `${url.pathname.slice(1) || 'postgres'}_bench_${++benchDatabases}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsupported benchmark database name: ${name}`);
  const admin = (fn: (sql: postgres.Sql) => Promise<unknown>) => async () => {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await fn(sql);
    } finally {
      await sql.end();
    }
  };
  await admin(async (sql) => {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  })();
  cleanups.push(admin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`)));
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.href };
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function fmt(n: number | null, digits: number): string {
  return n === null || Number.isNaN(n) ? '—' : n.toFixed(digits);
}

/** Slice ÷ slice of each round (`runs` as measureSideBySide returns them: one per round), sorted. */
function byRound(runs: LoadRun[], against: LoadRun[]): number[] {
  return runs.map((run, round) => run.requestsPerSecond / against[round]!.requestsPerSecond).sort((a, b) => a - b);
}

/** `; by round 0.52–0.71, median 0.60`: the spread of a ratio over the run's rounds of slices. */
function roundSpread(ratios: number[] | null): string {
  if (!ratios || ratios.length < 2) return '';
  const middle = ratios.length / 2;
  const median = ratios.length % 2 ? ratios[Math.floor(middle)]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
  return `; by round ${fmt(ratios[0]!, 2)}–${fmt(ratios.at(-1)!, 2)}, median ${fmt(median, 2)}`;
}

function table(results: ScenarioResult[]): string {
  const header = [
    'engine',
    'scenario',
    'req/s',
    '× INSERT',
    '× SELECT',
    'p50 ms',
    'p99 ms',
    'errors',
    'RSS MB',
    'SQL/req',
    'loaded',
  ];
  const rows = results.map((r) => [
    r.engine,
    r.name,
    fmt(r.requestsPerSecond, 0),
    fmt(r.vsInsert, 2),
    fmt(r.vsSelect, 2),
    fmt(r.latencyMs.p50, 1),
    fmt(r.latencyMs.p99, 1),
    String(r.errors),
    fmt(r.rssMb, 0),
    fmt(r.sqlPerRequest, 1),
    fmt(r.sqlPerRequestLoaded, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  console.log(
    `pnpm bench: ${load.connections} connections, ${load.warmupMs / 1000} s warm-up + ${load.durationMs / 1000} s per scenario, ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}, node ${process.version}`,
  );

  const results: ScenarioResult[] = [];
  console.log('no store:');
  const echo = await startServer('echo', {});
  try {
    const entry: Entry = {
      server: echo,
      engine: 'none',
      name: 'baseline: bare Hono POST JSON echo',
      req: { method: 'POST', path: '/echo', body: JSON.stringify({ name: 'bench', amount: 2900 }) },
      countSql: false,
    };
    const [measured] = await measureSideBySide([entry]);
    results.push(await report(entry, measured!.runs, measured!.rss, null));
  } finally {
    await echo.stop();
  }
  results.push(...(await benchEngine('pglite', pgliteEnv)));
  if (databaseUrl) results.push(...(await benchEngine('postgres', () => postgresEnv(databaseUrl))));
  else console.log('postgres: skipped (DATABASE_URL is not set)');

  console.log(`\n${table(results)}`);
  const echoRps = results[0]!.requestsPerSecond;
  for (const r of results.filter((r) => r.name.startsWith('baseline: Hono + one INSERT'))) {
    console.log(`${r.engine}: one INSERT per request runs at ${fmt(r.requestsPerSecond / echoRps, 2)} × the bare echo`);
  }
  // The hot path's goals (issue 9), each a ratio to a baseline of the same engine and run.
  const goals: [scenario: string, baseline: 'vsInsert' | 'vsSelect', minimum: number][] = [
    ['POST /v1/checkout/create', 'vsInsert', 0.7],
    ['POST /v1/checkout/create + Idempotency-Key', 'vsInsert', 0.6],
    ['GET /v1/checkout/{id}', 'vsSelect', 0.8],
  ];
  console.log(`rate limits counted ${process.env.REDIS_URL?.trim() ? 'in Redis (REDIS_URL)' : 'in memory'}`);
  for (const [scenario, baseline, minimum] of goals) {
    for (const r of results.filter((r) => r.name === scenario)) {
      const ratio = r[baseline]!;
      console.log(
        `${r.engine}: ${scenario} = ${fmt(ratio, 2)} × ${baseline === 'vsInsert' ? 'INSERT' : 'SELECT'} ` +
          `(goal ≥ ${minimum.toFixed(2)}: ${ratio >= minimum ? 'met' : 'NOT met'}), ${fmt(r.sqlPerRequest, 1)} SQL/req ` +
          `(${fmt(r.sqlPerRequestLoaded, 2)} under load)` +
          roundSpread(r.baselineRatioByRound),
      );
    }
  }

  // Issue 15: with the access log at info and metrics on, within 10 % of the same server with both off.
  for (const r of results.filter((r) => r.name.endsWith(telemetryOff))) {
    const on = results.find((o) => o.engine === r.engine && o.name === r.name.slice(0, -telemetryOff.length));
    if (!on) continue;
    const ratio = on.requestsPerSecond / r.requestsPerSecond;
    console.log(
      `${r.engine}: ${on.name} with logs and metrics = ${fmt(ratio, 2)} × without (goal ≥ 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'})` +
        roundSpread(on.telemetryRatioByRound),
    );
  }

  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'latest.json');
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverage: loadavg()[0], load, results }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${file}`);
  const failed = results.filter((r) => r.errors > 0);
  if (failed.length > 0) {
    for (const r of failed)
      console.error(`${r.engine} ${r.name}: ${r.errors} errors, e.g. ${r.errorSamples.join(' | ')}`);
    process.exitCode = 1;
  }
}

process.once('SIGINT', () => {
  void runCleanups().then(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    console.error('pnpm bench failed:', error);
    process.exitCode = 1;
  })
  .finally(runCleanups);
