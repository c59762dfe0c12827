import type { Mode } from '../domain/scope';
import { describeColumns } from './columns';
import type { Db } from './db';
import { listPage, type Page } from './pagination';
import type { Scope } from '../domain/scope';

export interface WebhookEndpointRecord {
  id: string;
  mode: Mode;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  createdAt: Date;
}

const endpointColumns = describeColumns<WebhookEndpointRecord>({
  id: 'id',
  mode: 'mode',
  url: 'url',
  events: 'events',
  description: 'description',
  secret: 'secret',
  createdAt: 'created_at',
});
const columns = endpointColumns.list();
const toRecord = endpointColumns.toRecord;

/** At most this many endpoints per account and mode: every event lists its deliveries (the spec caps that list). */
export const maxWebhookEndpoints = 16;

/**
 * Inserts an endpoint unless the account already has `maxWebhookEndpoints` in this mode (null then). The account
 * row is locked for the count, so concurrent creates cannot both slip under the limit.
 */
export async function insertWebhookEndpointWithinLimit(
  db: Db,
  scope: Scope,
  endpoint: { id: string; url: string; events: string[]; description: string | null; secret: string },
  now: Date,
): Promise<WebhookEndpointRecord | null> {
  return db.transaction(async (tx) => {
    await tx.query('select 1 from accounts where id = $1 for update', [scope.accountId]);
    const [row] = await tx.query<{ count: number }>(
      'select count(*)::int as count from webhook_endpoints where account_id = $1 and mode = $2 and deleted_at is null',
      [scope.accountId, scope.mode],
    );
    if ((row?.count ?? 0) >= maxWebhookEndpoints) return null;
    return insertWebhookEndpoint(tx, scope, endpoint, now);
  });
}

export async function insertWebhookEndpoint(
  db: Db,
  scope: Scope,
  endpoint: { id: string; url: string; events: string[]; description: string | null; secret: string },
  now: Date,
): Promise<WebhookEndpointRecord> {
  const [row] = await db.query(
    `insert into webhook_endpoints (id, account_id, mode, url, events, description, secret, created_at)
     values ($1, $2, $3, $4, $5::text[], $6, $7, $8) returning ${columns}`,
    [
      endpoint.id,
      scope.accountId,
      scope.mode,
      endpoint.url,
      endpoint.events,
      endpoint.description,
      endpoint.secret,
      now,
    ],
  );
  return toRecord(row!);
}

export async function findWebhookEndpoint(db: Db, scope: Scope, id: string): Promise<WebhookEndpointRecord | null> {
  const [row] = await db.query(
    `select ${columns} from webhook_endpoints where id = $1 and account_id = $2 and mode = $3 and deleted_at is null`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

export function listWebhookEndpoints(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string },
): Promise<Page<WebhookEndpointRecord>> {
  const select = `select ${columns} from webhook_endpoints w`;
  return listPage(db, scope, { table: 'webhook_endpoints', alias: 'w', select, toRecord }, query, [
    () => 'w.deleted_at is null',
  ]);
}

/** Soft delete: past deliveries keep pointing at it; pending ones are cancelled. False when unknown or already deleted. */
export async function deleteWebhookEndpoint(db: Db, scope: Scope, id: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `update webhook_endpoints set deleted_at = $4
       where id = $1 and account_id = $2 and mode = $3 and deleted_at is null returning 1`,
      [id, scope.accountId, scope.mode, now],
    );
    if (rows.length === 0) return false;
    await tx.query(
      `update event_deliveries set status = 'failed', next_attempt_at = null, last_error = 'endpoint deleted'
       where endpoint_id = $1 and status = 'pending'`,
      [id],
    );
    return true;
  });
}
