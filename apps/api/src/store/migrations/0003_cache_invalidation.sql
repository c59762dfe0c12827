-- Hot-path caches (store/cache.ts) keep API keys, products and discounts in each process. Every change to those rows
-- announces itself on the `solifyn_cache` channel, from the transaction that makes it, so every replica drops its copy
-- when the change commits, whatever made it (the API, the admin CLI, another replica, a hand-written UPDATE).
-- Payload: `<kind>:<id>`, the tag the caches index their entries by.
create function solifyn_notify_cache() returns trigger language plpgsql as $$
declare
  row_id text;
begin
  if tg_table_name = 'product_prices' then
    row_id := 'product:' || coalesce(new.product_id, old.product_id);
  elsif tg_table_name = 'products' then
    row_id := 'product:' || coalesce(new.id, old.id);
  elsif tg_table_name = 'discounts' then
    row_id := 'discount:' || coalesce(new.id, old.id);
  else
    row_id := 'key:' || coalesce(new.id, old.id);
  end if;
  perform pg_notify('solifyn_cache', row_id);
  return null;
end
$$;

create trigger api_keys_cache after update or delete on api_keys
  for each row execute function solifyn_notify_cache();
create trigger products_cache after update or delete on products
  for each row execute function solifyn_notify_cache();
create trigger product_prices_cache after insert or update or delete on product_prices
  for each row execute function solifyn_notify_cache();
create trigger discounts_cache after update or delete on discounts
  for each row execute function solifyn_notify_cache();

-- Requests are now counted by rate-limiter-flexible (in memory, or in Redis when REDIS_URL is set).
drop table rate_limit_windows;
