-- Initial schema. Amounts are BIGINT minor units. Every business table carries account_id + mode and every
-- query filters by both; composite foreign keys (id, account_id, mode) make cross-account or cross-mode
-- references impossible at the database level, not just in the queries.

create table accounts (
  id text primary key check (id ~ '^acct_[A-Za-z0-9]+$'),
  name text not null,
  created_at timestamptz not null default now()
);

create table api_keys (
  id text primary key check (id ~ '^key_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  key_hash bytea not null unique check (length(key_hash) = 32), -- sha256 of the full secret
  key_prefix text not null,                                      -- first 12 chars, for display only
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_keys_account_idx on api_keys (account_id, mode);

create table products (
  id text primary key check (id ~ '^prod_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  name text not null,
  description text,
  pricing_type text not null check (pricing_type in ('fixed', 'pay_what_you_want')),
  default_currency text not null check (default_currency ~ '^[a-z]{3}$'),
  redirect_url text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, account_id, mode)
);
create index products_list_idx on products (account_id, mode, created_at desc, id desc);

create table product_prices (
  product_id text not null references products (id) on delete cascade,
  currency text not null check (currency ~ '^[a-z]{3}$'),
  amount bigint check (amount >= 0),
  minimum_amount bigint check (minimum_amount >= 0),
  maximum_amount bigint check (maximum_amount >= 0),
  suggested_amount bigint check (suggested_amount >= 0),
  position integer not null,
  primary key (product_id, currency),
  check (maximum_amount is null or minimum_amount is null or maximum_amount >= minimum_amount)
);

create table discounts (
  id text primary key check (id ~ '^disc_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  code text not null,
  code_normalized text not null check (code_normalized = upper(code)),
  type text not null check (type in ('percent', 'fixed_amount')),
  percent_off numeric(5, 2) check (percent_off > 0 and percent_off <= 100),
  amount_off bigint check (amount_off > 0),
  currency text check (currency ~ '^[a-z]{3}$'),
  expires_at timestamptz,
  max_redemptions integer check (max_redemptions > 0),
  times_redeemed integer not null default 0 check (times_redeemed >= 0),
  product_id text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  check (max_redemptions is null or times_redeemed <= max_redemptions),
  check (
    (type = 'percent' and percent_off is not null and amount_off is null and currency is null)
    or (type = 'fixed_amount' and amount_off is not null and currency is not null and percent_off is null)
  ),
  unique (account_id, mode, code_normalized),
  unique (id, account_id, mode),
  foreign key (product_id, account_id, mode) references products (id, account_id, mode)
);
create index discounts_list_idx on discounts (account_id, mode, created_at desc, id desc);

create table checkout_sessions (
  id uuid primary key, -- UUIDv7
  session_id text not null unique check (session_id ~ '^ch_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  product_id text not null,
  status text not null check (status in ('open', 'completed', 'expired')),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  quantity integer not null check (quantity >= 1),
  unit_amount bigint not null check (unit_amount >= 0),
  subtotal bigint not null check (subtotal >= 0),
  discount_id text,
  discount_code text,
  discount_amount bigint not null default 0 check (discount_amount >= 0),
  total bigint not null check (total >= 0),
  customer_email text,
  custom_fields jsonb not null default '{}',
  checkout_data jsonb,
  aff text,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  order_id text,
  check (status <> 'completed' or completed_at is not null),
  foreign key (product_id, account_id, mode) references products (id, account_id, mode),
  foreign key (discount_id, account_id, mode) references discounts (id, account_id, mode)
);
create index checkout_sessions_list_idx on checkout_sessions (account_id, mode, created_at desc, id desc);
create index checkout_sessions_product_idx on checkout_sessions (account_id, mode, product_id, created_at desc, id desc);
create index checkout_sessions_expiry_idx on checkout_sessions (status, expires_at);

create table orders (
  id text primary key check (id ~ '^ord_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  checkout_id uuid not null unique references checkout_sessions (id),
  product_id text not null,
  currency text not null check (currency ~ '^[a-z]{3}$'),
  quantity integer not null check (quantity >= 1),
  unit_amount bigint not null check (unit_amount >= 0),
  subtotal bigint not null check (subtotal >= 0),
  discount_id text,
  discount_code text,
  discount_amount bigint not null default 0 check (discount_amount >= 0),
  total bigint not null check (total >= 0),
  customer_email text not null,
  custom_fields jsonb not null default '{}',
  checkout_data jsonb,
  aff text,
  created_at timestamptz not null default now(),
  foreign key (product_id, account_id, mode) references products (id, account_id, mode),
  foreign key (discount_id, account_id, mode) references discounts (id, account_id, mode)
);
create index orders_list_idx on orders (account_id, mode, created_at desc, id desc);
create index orders_product_idx on orders (account_id, mode, product_id, created_at desc, id desc);

-- Deferred so a completion can insert the order and point the session at it in either order within one transaction.
alter table checkout_sessions
  add constraint checkout_sessions_order_id_fkey foreign key (order_id) references orders (id) deferrable initially deferred;

create table webhook_endpoints (
  id text primary key check (id ~ '^we_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  url text not null,
  events text[] not null check (cardinality(events) >= 1),
  description text,
  secret text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index webhook_endpoints_list_idx on webhook_endpoints (account_id, mode, created_at desc, id desc);

create table events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index events_list_idx on events (account_id, mode, created_at desc, id desc);

-- The outbox: a worker claims due rows with FOR UPDATE SKIP LOCKED.
create table event_deliveries (
  id bigint generated always as identity primary key,
  event_id text not null references events (id) on delete cascade,
  endpoint_id text not null references webhook_endpoints (id),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_response_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  unique (event_id, endpoint_id)
);
create index event_deliveries_due_idx on event_deliveries (status, next_attempt_at);

create table idempotency_keys (
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  key text not null check (length(key) between 1 and 255),
  request_hash text not null,
  method text not null,
  path text not null,
  status text not null check (status in ('in_flight', 'completed')),
  response_status integer,
  response_headers jsonb,
  response_body text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default (now() + interval '24 hours'),
  primary key (account_id, mode, key),
  check (status = 'in_flight' or response_status is not null)
);
create index idempotency_keys_expiry_idx on idempotency_keys (expires_at);

create table rate_limit_windows (
  api_key_id text not null references api_keys (id) on delete cascade,
  window_start timestamptz not null,
  count integer not null default 0,
  primary key (api_key_id, window_start)
);
create index rate_limit_windows_start_idx on rate_limit_windows (window_start);
