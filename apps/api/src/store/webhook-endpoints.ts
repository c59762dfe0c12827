import type { Mode } from '../domain/scope';
import type { Db } from './db';
import { type Page, pageOf } from './pagination';
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

interface Row {
  id: string;
  mode: Mode;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  created_at: Date;
}

const columns = 'id, mode, url, events, description, secret, created_at';

function toRecord(row: Row): WebhookEndpointRecord {
  return {
    id: row.id,
    mode: row.mode,
    url: row.url,
    events: row.events,
    description: row.description,
    secret: row.secret,
    createdAt: row.created_at,
  };
}

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
  const [row] = await db.query<Row>(
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
  const [row] = await db.query<Row>(
    `select ${columns} from webhook_endpoints where id = $1 and account_id = $2 and mode = $3 and deleted_at is null`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

export async function listWebhookEndpoints(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string },
): Promise<Page<WebhookEndpointRecord>> {
  const rows = await db.query<Row>(
    `select ${columns} from webhook_endpoints w
     where w.account_id = $1 and w.mode = $2 and w.deleted_at is null
       and ($3::text is null or (w.created_at, w.id) < (select c.created_at, c.id from webhook_endpoints c
                                                           where c.id = $3 and c.account_id = $1 and c.mode = $2))
     order by w.created_at desc, w.id desc
     limit $4`,
    [scope.accountId, scope.mode, query.startingAfter ?? null, query.limit + 1],
  );
  return pageOf(rows.map(toRecord), query.limit, (w) => w.id);
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
