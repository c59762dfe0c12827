-- Card-testing protection (pages/card-testing.ts): a session whose hosted page saw too many failed payment
-- attempts refuses payment until this time; the API's session view shows it.
alter table checkout_sessions add column payment_locked_until timestamptz;
