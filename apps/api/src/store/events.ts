import type { Mode } from '../domain/scope';
import { describeColumns } from './columns';
import type { Db } from './db';
import { listPage, matchingIfGiven, type Page } from './pagination';
import type { Scope } from '../domain/scope';

export interface EventDeliveryRecord {
  endpointId: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  lastResponseStatus: number | null;
  /** Why the last attempt failed; null after a success or before any attempt. */
  lastError: string | null;
}

export interface EventRecord {
  id: string;
  mode: Mode;
  type: string;
  /** The object the event is about, in its wire shape at the time of the event. */
  object: Record<string, unknown>;
  createdAt: Date;
  deliveries: EventDeliveryRecord[];
}

const toDate = (value: string | null) => (value === null ? null : new Date(value));

const eventColumns = describeColumns<Omit<EventRecord, 'deliveries'>>({
  id: 'id',
  mode: 'mode',
  type: 'type',
  object: 'payload',
  createdAt: 'created_at',
});

// Deliveries come as one JSON array per event, oldest first, keyed as the record is (times as JSON text).
const selectEvent = `
  select ${eventColumns.list('e')},
         coalesce((select json_agg(json_build_object(
                     'endpointId', d.endpoint_id, 'status', d.status, 'attempts', d.attempts,
                     'lastAttemptAt', d.last_attempt_at, 'nextAttemptAt', d.next_attempt_at,
                     'lastResponseStatus', d.last_response_status, 'lastError', d.last_error) order by d.id)
                   from event_deliveries d where d.event_id = e.id), '[]'::json) as deliveries
  from events e`;

type StoredDelivery = Omit<EventDeliveryRecord, 'lastAttemptAt' | 'nextAttemptAt'> & {
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
};

function toRecord(row: unknown): EventRecord {
  const deliveries = (row as { deliveries: StoredDelivery[] }).deliveries;
  return {
    ...eventColumns.toRecord(row),
    deliveries: deliveries.map((d) => ({
      ...d,
      lastAttemptAt: toDate(d.lastAttemptAt),
      nextAttemptAt: toDate(d.nextAttemptAt),
    })),
  };
}

/**
 * Writes an event and queues one delivery per endpoint subscribed to its type — call it inside the transaction of
 * the change the event announces, so both commit or neither does (the outbox).
 */
export async function insertEvent(
  tx: Db,
  scope: Scope,
  event: { id: string; type: string; object: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await tx.query(
    `with event as (
       insert into events (id, account_id, mode, type, payload, created_at) values ($1, $2, $3, $4, $5, $6) returning id
     )
     insert into event_deliveries (event_id, endpoint_id, status, next_attempt_at, created_at)
     select event.id, w.id, 'pending', $6, $6 from event, webhook_endpoints w
     where w.account_id = $2 and w.mode = $3 and w.deleted_at is null and $4 = any (w.events)`,
    [event.id, scope.accountId, scope.mode, event.type, event.object, now],
  );
}

export async function findEvent(db: Db, scope: Scope, id: string): Promise<EventRecord | null> {
  const [row] = await db.query(`${selectEvent} where e.id = $1 and e.account_id = $2 and e.mode = $3`, [
    id,
    scope.accountId,
    scope.mode,
  ]);
  return row ? toRecord(row) : null;
}

export function listEvents(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; type?: string },
): Promise<Page<EventRecord>> {
  return listPage(db, scope, { table: 'events', alias: 'e', select: selectEvent, toRecord }, query, [
    matchingIfGiven('e.type', 'text', query.type),
  ]);
}

/**
 * Queues the event again for every endpoint now subscribed to its type: existing deliveries go back to pending,
 * due now, with the whole retry schedule ahead (`attempts` keeps counting); endpoints subscribed since get a first
 * delivery — unless that would give the event more than `maxDeliveries`, which leaves it untouched. The event row is
 * locked for the count, so concurrent redeliveries cannot both slip under the bound.
 */
export async function redeliverEvent(
  db: Db,
  scope: Scope,
  id: string,
  now: Date,
  maxDeliveries: number,
): Promise<
  | { outcome: 'queued'; event: EventRecord }
  | { outcome: 'not_found' }
  | { outcome: 'too_many_deliveries'; deliveries: number; added: number }
> {
  return db.transaction(async (tx) => {
    const [event] = await tx.query<{ id: string; type: string; deliveries: number; added: number }>(
      `select e.id, e.type,
              (select count(*)::int from event_deliveries d where d.event_id = e.id) as deliveries,
              (select count(*)::int from webhook_endpoints w
               where w.account_id = e.account_id and w.mode = e.mode and w.deleted_at is null and e.type = any (w.events)
                 and not exists (select 1 from event_deliveries d where d.event_id = e.id and d.endpoint_id = w.id)
              ) as added
       from events e where e.id = $1 and e.account_id = $2 and e.mode = $3
       for update`,
      [id, scope.accountId, scope.mode],
    );
    if (!event) return { outcome: 'not_found' };
    if (event.deliveries + event.added > maxDeliveries) {
      return { outcome: 'too_many_deliveries', deliveries: event.deliveries, added: event.added };
    }
    await tx.query(
      `insert into event_deliveries (event_id, endpoint_id, status, next_attempt_at, created_at)
       select $1, w.id, 'pending', $5, $5 from webhook_endpoints w
       where w.account_id = $2 and w.mode = $3 and w.deleted_at is null and $4 = any (w.events)
       on conflict (event_id, endpoint_id) do update
         set status = 'pending', next_attempt_at = excluded.next_attempt_at, round_attempts = 0`,
      [event.id, scope.accountId, scope.mode, event.type, now],
    );
    const queued = await findEvent(tx, scope, id);
    return queued ? { outcome: 'queued', event: queued } : { outcome: 'not_found' };
  });
}
