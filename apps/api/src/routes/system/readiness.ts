import { ApiError } from '../../errors';
import { loadMigrations } from '../../store/migrate';
import type { Handler } from '../handler';

/** How long the database has to answer the readiness query. */
export const readinessDatabaseTimeoutMs = 2_000;

let known: number[] | undefined;
/** The versions of the migrations this build ships (read once). */
function knownMigrations(): number[] {
  known ??= loadMigrations().map((migration) => migration.version);
  return known;
}

/** GET /readyz — 200 when the database answers, migrations are applied and the webhook worker runs (if on). */
export const getReadiness: Handler<'getReadiness'> = async (c) => {
  const { db, config, webhookWorker } = c.get('deps');
  const failures: { pointer: string; detail: string }[] = [];

  let applied: number[] | null = null;
  try {
    const rows = await withTimeout(
      db.query<{ version: number }>('select version from schema_migrations order by version'),
      readinessDatabaseTimeoutMs,
    );
    applied = rows.map((row) => row.version);
  } catch (error) {
    const detail =
      error instanceof ReadinessTimeout
        ? `The database did not answer within ${readinessDatabaseTimeoutMs / 1000} s.`
        : 'The database is not reachable.';
    failures.push({ pointer: '/checks/database', detail });
  }
  if (applied) {
    const missing = knownMigrations().filter((version) => !applied.includes(version));
    if (missing.length > 0) {
      failures.push({ pointer: '/checks/migrations', detail: `Migrations not applied: ${missing.join(', ')}.` });
    }
  }
  const worker = config.webhooks.worker ? (webhookWorker?.running() ? 'ok' : 'not_running') : 'off';
  if (worker === 'not_running') {
    failures.push({ pointer: '/checks/webhook_worker', detail: 'WEBHOOK_WORKER is on but the worker is not running.' });
  }

  if (failures.length > 0) {
    const names = failures.map((failure) => failure.pointer.slice('/checks/'.length)).join(', ');
    throw new ApiError('service_unavailable', `Not ready: ${names}.`, failures);
  }
  return c.json(
    {
      status: 'ready' as const,
      checks: { database: 'ok' as const, migrations: 'ok' as const, webhook_worker: worker as 'ok' | 'off' },
    },
    200,
  );
};

class ReadinessTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
