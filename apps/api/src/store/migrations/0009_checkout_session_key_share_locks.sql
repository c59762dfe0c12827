-- Every checkout create took a KEY SHARE lock on its product's row for this foreign key (and on its discount's, with
-- a code): while an account sells one product to many customers at once — a launch, a sale — every two creates that
-- overlapped made PostgreSQL build a MultiXact for that one row (measured: 6–11 % of create throughput on a 2-core
-- machine), and on PGlite the check was a seventh of the INSERT's cost. Neither guards anything a product or discount
-- row can lose: both are deactivated, never deleted, and a session's product and discount are the ones its request
-- read with its own account and mode (store/products.ts, store/discounts.ts; the cache is keyed by scope). The same
-- reasoning as 0006. Orders keep both keys: they are written once per payment, off the hot path.
alter table checkout_sessions
  drop constraint checkout_sessions_product_id_account_id_mode_fkey,
  drop constraint checkout_sessions_discount_id_account_id_mode_fkey;
