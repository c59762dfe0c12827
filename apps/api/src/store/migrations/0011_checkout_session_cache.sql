-- Version 10 is retired: it dropped hot-path CHECKs and was reverted before release (git history: 6798ab6, f6c186f).
-- A store that applied it is refused by the migration runner as unknown, rather than mistaken for this one.
-- GET /v1/checkout/{id} serves a session from the hot-path cache (store/cache.ts) once a read barrier proves that
-- every change committed before the request has reached this process. Like 0003's rows, a session announces every
-- change on `solifyn_cache` from the transaction that makes it: a payment, an expiry (API or sweeper), an update, a
-- payment lock, a hand-written UPDATE. Inserts do not: a session nobody has read is in no cache.
create or replace function solifyn_notify_cache() returns trigger language plpgsql as $$
declare
  row_id text;
begin
  if tg_table_name = 'product_prices' then
    row_id := 'product:' || coalesce(new.product_id, old.product_id);
  elsif tg_table_name = 'products' then
    row_id := 'product:' || coalesce(new.id, old.id);
  elsif tg_table_name = 'discounts' then
    row_id := 'discount:' || coalesce(new.id, old.id);
  elsif tg_table_name = 'checkout_sessions' then
    row_id := 'checkout_session:' || coalesce(new.id, old.id);
  else
    row_id := 'key:' || coalesce(new.id, old.id);
  end if;
  perform pg_notify('solifyn_cache', row_id);
  return null;
end
$$;

create trigger checkout_sessions_cache after update or delete on checkout_sessions
  for each row execute function solifyn_notify_cache();
