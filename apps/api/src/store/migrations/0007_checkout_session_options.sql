-- Per-session options of POST /v1/checkout/create: where the customer goes after paying (placeholders
-- {CHECKOUT_ID} and {ORDER_ID} replaced then) and the hosted page's way back. Null: the product's redirect_url,
-- and no link. A session's own expiry needs no column: expires_at already holds it.
alter table checkout_sessions
  add column success_url text,
  add column cancel_url text;
