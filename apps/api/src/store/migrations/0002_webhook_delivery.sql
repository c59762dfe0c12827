-- Webhook delivery. `attempts` counts every attempt ever made and doubles as the fencing token of a claim;
-- `round_attempts` counts the attempts since the delivery was queued or redelivered, so a redelivery gets the
-- whole retry schedule again.
alter table event_deliveries
  add column round_attempts integer not null default 0 check (round_attempts >= 0);

-- Only rows a worker will ever claim.
create index event_deliveries_pending_idx on event_deliveries (next_attempt_at) where status = 'pending';

-- One row per attempt, for debugging a receiver; event_deliveries keeps the latest state.
create table event_delivery_attempts (
  delivery_id bigint not null references event_deliveries (id) on delete cascade,
  attempt integer not null check (attempt >= 1), -- event_deliveries.attempts as claimed
  started_at timestamptz not null,
  finished_at timestamptz not null,
  response_status integer,
  error text,
  primary key (delivery_id, attempt)
);
