-- Rolling a key (`pnpm admin roll-key`) gives the old one an expiry; `last_used_at` is written in batches by each
-- process (jobs/key-usage.ts), at most once a minute per key, never once per request.
alter table api_keys
  add column expires_at timestamptz,
  add column last_used_at timestamptz;

-- The caches care about what decides whether a key authenticates, not about its usage bookkeeping: without the column
-- list every usage flush would empty every replica's key cache.
drop trigger api_keys_cache on api_keys;
create trigger api_keys_cache after update of account_id, mode, key_hash, revoked_at, expires_at on api_keys
  for each row execute function solifyn_notify_cache();
create trigger api_keys_cache_delete after delete on api_keys
  for each row execute function solifyn_notify_cache();
