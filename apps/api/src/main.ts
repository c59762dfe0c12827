import { type AdminSocketServer, startAdminSocket } from './admin-socket';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { seedDemoData } from './demo';
import { type AppDeps, systemClock } from './deps';
import { connectRedis } from './http/rate-limit';
import { KeyUsage, startKeyUsageFlusher } from './jobs/key-usage';
import { startStatisticsJob } from './jobs/statistics';
import { startSweeper } from './jobs/sweeper';
import { createLogger } from './log';
import { meteredDb, Metrics, startMetricsServer } from './metrics';
import { startTracing, tracedDb } from './tracing';
import { StoreCache } from './store/cache';
import { DataDirInUseError } from './store/lock';
import { MigrationError } from './store/migrate';
import { createServer, listen } from './server';
import { openDb } from './store/open';
import { startWebhookWorker } from './webhooks/worker';

async function start(): Promise<void> {
  const config = loadConfig();
  const opened = await openDb(config);
  // Statements are timed only when metrics are served; the scrape's own queries go to the store directly.
  const metrics = config.metrics ? new Metrics(opened) : undefined;
  const metered = metrics ? meteredDb(opened, metrics) : opened;
  const tracing = config.tracing ? startTracing(config.tracing) : null;
  const db = tracing ? tracedDb(metered, tracing.tracer) : metered;
  const cache = new StoreCache(db);
  await cache.start();
  const redis = config.redisUrl && config.rateLimit ? await connectRedis(config.redisUrl) : undefined;
  const logger = createLogger(config.log);
  const deps: AppDeps = {
    config,
    logger,
    db,
    cache,
    clock: systemClock,
    ...(redis ? { redis } : {}),
    ...(metrics ? { metrics } : {}),
    ...(tracing ? { tracer: tracing.tracer } : {}),
  };
  const adminSocket: AdminSocketServer | null = config.databaseUrl
    ? null
    : await startAdminSocket(db, { dataDir: config.dataDir });
  const sweeper = startSweeper(deps, config.sweepIntervalMs);
  const statistics = startStatisticsJob(deps);
  const webhooks = config.webhooks.worker ? startWebhookWorker(deps) : null;
  deps.keyUsage = new KeyUsage();
  const keyUsageFlusher = startKeyUsageFlusher(deps, deps.keyUsage);
  let webhooksRunning = webhooks !== null;
  deps.webhookWorker = { running: () => webhooksRunning };

  const app = createApp(deps);

  const demo = await seedDemoData(db, systemClock.now());
  if (demo) {
    const body = JSON.stringify({
      productId: demo.fixedProductId,
      quantity: 1,
      customerEmail: 'customer@example.com',
      customFields: { userId: 'user_9983' },
    });
    console.log(`
Demo account created (test mode):
  account:                 ${demo.accountId}
  secret key:              ${demo.key}   (shown once; keep it)
  fixed-price product:     ${demo.fixedProductId}   (29.00 usd / 27.00 eur)
  pay-what-you-want:       ${demo.pwywProductId}   (min 5, suggested 15, max 100 usd)
  discount code:           ${demo.discountCode}   (10 % off)

Create a checkout:
  curl -s ${config.publicUrl}/v1/checkout/create -H 'Authorization: Bearer ${demo.key}' -H 'Content-Type: application/json' -d '${body}'
`);
  } else {
    console.log('Store already has data. A new key: pnpm -s admin create-key --mode test [--account ACCOUNT_ID]');
  }

  const server = createServer(app.fetch, config.http, config.docsUrl);
  await listen(server, config.port);
  const metricsServer =
    metrics && config.metrics ? await startMetricsServer(metrics, config.metrics.port, config.metrics.host) : null;
  if (config.metrics) console.log(`  metrics: http://${config.metrics.host}:${config.metrics.port}/metrics`);
  const store = config.databaseUrl
    ? `PostgreSQL (${new URL(config.databaseUrl).host})`
    : `embedded PGlite in ${config.dataDir}`;
  console.log(
    `Solifyn API listening on http://localhost:${config.port} — public URL ${config.publicUrl}, store: ${store}`,
  );
  console.log(
    `  API reference: ${config.publicUrl}/docs   spec: ${config.publicUrl}/openapi.json   health: ${config.publicUrl}/healthz`,
  );

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests and webhook deliveries, then closing the database…`);
    // close() stops accepting connections and resolves once in-flight requests are done.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    metricsServer?.close();
    await sweeper.stop();
    await statistics?.stop();
    await keyUsageFlusher.stop();
    webhooksRunning = false;
    await webhooks?.stop(); // waits for deliveries in flight (each bounded by WEBHOOK_TIMEOUT_MS)
    await adminSocket?.close();
    await cache.close();
    redis?.disconnect();
    await db.close();
    await tracing?.shutdown();
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    console.log('Stopped cleanly.');
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

start().catch((error: unknown) => {
  // Expected start-up failures get one clear line; anything else its stack.
  if (error instanceof DataDirInUseError || error instanceof ConfigError || error instanceof MigrationError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start:', error);
  }
  process.exit(1);
});
