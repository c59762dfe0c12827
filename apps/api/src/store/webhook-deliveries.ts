import type { Mode } from '../domain/scope';
import type { Db } from './db';

/** A delivery a worker holds until `leaseUntil`: the attempt numbered `attempt` is its to make. */
export interface ClaimedDelivery {
  id: number;
  /** Total attempts including this one; the record of the attempt is fenced on it. */
  attempt: number;
  /** Attempts since the delivery was queued or redelivered, this one included (position in the retry schedule). */
  roundAttempt: number;
  startedAt: Date;
  leaseUntil: Date;
  endpoint: { id: string; url: string; secret: string };
  event: { id: string; type: string; mode: Mode; object: Record<string, unknown>; createdAt: Date };
}

interface ClaimRow {
  id: number;
  attempts: number;
  round_attempts: number;
  endpoint_id: string;
  url: string;
  secret: string;
  event_id: string;
  type: string;
  mode: Mode;
  payload: Record<string, unknown>;
  created_at: Date;
}

/**
 * Claims up to `limit` pending deliveries due at `now` (endpoint not deleted) in one statement, so in one
 * transaction: rows are locked with SKIP LOCKED (other workers pass over them), and `next_attempt_at` is moved to
 * `leaseUntil` and `attempts` counted before the locks go — a worker scanning afterwards no longer finds them due.
 * If the claimer dies before recording, the lease runs out and the delivery is claimed again (a new attempt).
 */
export async function claimDueDeliveries(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = await db.query<ClaimRow>(
    `with due as (
       select d.id from event_deliveries d
       join webhook_endpoints w on w.id = d.endpoint_id and w.deleted_at is null
       where d.status = 'pending' and d.next_attempt_at <= $1
       order by d.next_attempt_at, d.id
       limit $3
       for update of d skip locked
     )
     update event_deliveries d
     set attempts = d.attempts + 1, round_attempts = d.round_attempts + 1, last_attempt_at = $1, next_attempt_at = $2
     from due, events e, webhook_endpoints w
     where d.id = due.id and e.id = d.event_id and w.id = d.endpoint_id
     returning d.id, d.attempts, d.round_attempts, w.id as endpoint_id, w.url, w.secret,
               e.id as event_id, e.type, e.mode, e.payload, e.created_at`,
    [now, leaseUntil, limit],
  );
  return rows
    .map((row) => ({
      id: row.id,
      attempt: row.attempts,
      roundAttempt: row.round_attempts,
      startedAt: now,
      leaseUntil,
      endpoint: { id: row.endpoint_id, url: row.url, secret: row.secret },
      event: { id: row.event_id, type: row.type, mode: row.mode, object: row.payload, createdAt: row.created_at },
    }))
    .sort((a, b) => a.id - b.id);
}

export interface AttemptResult {
  responseStatus: number | null;
  error: string | null;
  /** What the delivery becomes: succeeded, failed (schedule used up) or pending again at `nextAttemptAt`. */
  status: 'succeeded' | 'failed' | 'pending';
  nextAttemptAt: Date | null;
  finishedAt: Date;
}

/**
 * Records an attempt: always in the history; on the delivery only while it is still this claim's (same `attempts`),
 * and its status/next attempt only while the lease is untouched — a redeliver or an endpoint deletion that happened
 * meanwhile wins.
 */
export async function recordDeliveryAttempt(db: Db, claim: ClaimedDelivery, result: AttemptResult): Promise<void> {
  await db.query(
    `with updated as (
       update event_deliveries
       set last_response_status = $3, last_error = $4,
           status = case when next_attempt_at = $5 then $6 else status end,
           next_attempt_at = case when next_attempt_at = $5 then $7 else next_attempt_at end
       where id = $1 and attempts = $2
       returning id
     )
     insert into event_delivery_attempts (delivery_id, attempt, started_at, finished_at, response_status, error)
     values ($1, $2, $8, $9, $3, $4)
     on conflict (delivery_id, attempt) do nothing`,
    [
      claim.id,
      claim.attempt,
      result.responseStatus,
      result.error,
      claim.leaseUntil,
      result.status,
      result.nextAttemptAt,
      claim.startedAt,
      result.finishedAt,
    ],
  );
}

export interface DeliveryAttemptRecord {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  responseStatus: number | null;
  error: string | null;
}

/** The attempt history of one event's delivery to one endpoint, oldest first. */
export async function listDeliveryAttempts(
  db: Db,
  eventId: string,
  endpointId: string,
): Promise<DeliveryAttemptRecord[]> {
  const rows = await db.query<{
    attempt: number;
    started_at: Date;
    finished_at: Date;
    response_status: number | null;
    error: string | null;
  }>(
    `select a.attempt, a.started_at, a.finished_at, a.response_status, a.error
     from event_delivery_attempts a join event_deliveries d on d.id = a.delivery_id
     where d.event_id = $1 and d.endpoint_id = $2
     order by a.attempt`,
    [eventId, endpointId],
  );
  return rows.map((row) => ({
    attempt: row.attempt,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    responseStatus: row.response_status,
    error: row.error,
  }));
}
