-- Every checkout create and every keyed POST took a KEY SHARE lock on the account's row for these two foreign keys,
-- so an account's concurrent writes all locked the same row (on PostgreSQL, a MultiXact whenever two overlap).
-- Neither guards anything an account row can lose: accounts are never deleted, a session's account is already
-- checked by its composite key to the product (whose own key references accounts), and an idempotency record is
-- written only for the account that authenticated the request, and expires within 24 h.
alter table checkout_sessions drop constraint checkout_sessions_account_id_fkey;
alter table idempotency_keys drop constraint idempotency_keys_account_id_fkey;
