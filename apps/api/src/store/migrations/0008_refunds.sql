-- Refunds (POST /v1/orders/{orderId}/refunds). An order keeps the sum of its refunds in minor units; the check makes
-- "never more than was paid" a property of the table, whatever the code does. Refunds name their order with its
-- account and mode, so a refund can never point at another account's or mode's order.
alter table orders
  add column amount_refunded bigint not null default 0,
  add constraint orders_amount_refunded_check check (amount_refunded >= 0 and amount_refunded <= total),
  add constraint orders_id_account_id_mode_key unique (id, account_id, mode);

create table refunds (
  id text primary key check (id ~ '^re_[A-Za-z0-9]+$'),
  account_id text not null references accounts (id),
  mode text not null check (mode in ('test', 'live')),
  order_id text not null,
  amount bigint not null check (amount > 0),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  reason text check (reason in ('requested_by_customer', 'duplicate', 'fraudulent', 'other')),
  note text check (length(note) <= 500),
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  created_at timestamptz not null default now(),
  foreign key (order_id, account_id, mode) references orders (id, account_id, mode)
);
create index refunds_list_idx on refunds (account_id, mode, created_at desc, id desc);
create index refunds_order_idx on refunds (account_id, mode, order_id, created_at desc, id desc);
