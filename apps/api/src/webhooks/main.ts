/**
 * `pnpm --filter @solifyn/api webhooks:worker`: the webhook delivery worker on its own, for PostgreSQL deployments
 * that run it apart from the API (set `WEBHOOK_WORKER=off` on the API then). Any number may run against one
 * database. With the embedded store the data directory belongs to the API server, which delivers itself.
 */
import { ConfigError, loadConfig } from '../config';
import { systemClock } from '../deps';
import { createLogger } from '../log';
import { StoreCache } from '../store/cache';
import { DataDirInUseError } from '../store/lock';
import { MigrationError } from '../store/migrate';
import { openDb } from '../store/open';
import { startWebhookWorker } from './worker';

async function start(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  // The worker reads nothing the store cache holds: an unstarted cache passes every read to the database.
  const logger = createLogger(config.log);
  const worker = startWebhookWorker({ config, db, cache: new StoreCache(db), clock: systemClock, logger });
  const store = config.databaseUrl
    ? `PostgreSQL (${new URL(config.databaseUrl).host})`
    : `embedded PGlite in ${config.dataDir}`;
  console.log(
    `Solifyn webhook worker delivering from ${store} — polling every ${config.webhooks.pollIntervalMs} ms, ` +
      `timeout ${config.webhooks.timeoutMs} ms, retry schedule ${config.webhooks.retrySchedule.join(',')} s`,
  );

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight deliveries, then closing the database…`);
    await worker.stop();
    await db.close();
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    console.log('Stopped cleanly.');
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

start().catch((error: unknown) => {
  if (error instanceof DataDirInUseError) {
    console.error(
      `Cannot start the webhook worker: ${error.message}.\n` +
        'The standalone worker is for PostgreSQL deployments (set DATABASE_URL). With the embedded store the API ' +
        'server delivers webhooks itself (WEBHOOK_WORKER=on, the default).',
    );
  } else if (error instanceof ConfigError || error instanceof MigrationError) {
    console.error(`Cannot start the webhook worker: ${error.message}`);
  } else {
    console.error('Cannot start the webhook worker:', error);
  }
  process.exit(1);
});
