import type { CheckoutStatus } from '../domain/checkout';
import { isUuid } from '../domain/ids';
import type { Mode } from '../domain/scope';
import type { StoreCache } from './cache';
import type { Db } from './db';
import {
  idempotentStatement,
  type IdempotentRequest,
  type IdempotentWrite,
  type KeyTimes,
  keyParamCount,
  type StoredResponse,
  writeIdempotently,
} from './idempotency';
import { bigint, describeColumns } from './columns';
import { listPage, matchingIfGiven, type Page } from './pagination';
import type { Scope } from '../domain/scope';

/** What a create or an update writes. */
export interface CheckoutSessionFields {
  currency: string;
  quantity: number;
  unitAmount: number;
  subtotal: number;
  discountId: string | null;
  discountCode: string | null;
  discountAmount: number;
  total: number;
  customerEmail: string | null;
  customFields: Record<string, string>;
  checkoutData: Record<string, unknown> | null;
  aff: string | null;
}

/**
 * The merchant's per-session options (`successUrl`, `cancelUrl`): set through the API only, never by the hosted
 * page, and not copied to the order — so not among the written fields.
 */
export interface CheckoutSessionUrls {
  /** As given, placeholders not yet replaced. */
  successUrl: string | null;
  cancelUrl: string | null;
}

/** What an API update (`checkoutId`) changes besides the written fields; `expiresAt` null keeps the expiry. */
export interface CheckoutSessionOptions extends CheckoutSessionUrls {
  expiresAt: Date | null;
}

export interface CheckoutSessionRecord extends CheckoutSessionFields, CheckoutSessionUrls {
  id: string;
  sessionId: string;
  mode: Mode;
  productId: string;
  /** As stored; an open session past `expiresAt` reads as expired (see `effectiveStatus`). */
  status: CheckoutStatus;
  expiresAt: Date;
  createdAt: Date;
  completedAt: Date | null;
  orderId: string | null;
  /** Set when the hosted page saw too many failed payment attempts: no payment is taken before it. */
  paymentLockedUntil: Date | null;
}

/**
 * The written fields: column, and the SQL type INSERT … SELECT casts each parameter to. In column order — the
 * INSERT, the UPDATE and their parameters follow it.
 */
const writtenColumns = {
  currency: { column: 'currency', type: 'text' },
  quantity: { column: 'quantity', type: 'integer' },
  unitAmount: { ...bigint('unit_amount'), type: 'bigint' },
  subtotal: { ...bigint('subtotal'), type: 'bigint' },
  discountId: { column: 'discount_id', type: 'text' },
  discountCode: { column: 'discount_code', type: 'text' },
  discountAmount: { ...bigint('discount_amount'), type: 'bigint' },
  total: { ...bigint('total'), type: 'bigint' },
  customerEmail: { column: 'customer_email', type: 'text' },
  customFields: { column: 'custom_fields', type: 'jsonb' },
  checkoutData: { column: 'checkout_data', type: 'jsonb' },
  aff: { column: 'aff', type: 'text' },
} as const satisfies { [K in keyof CheckoutSessionFields]-?: { column: string; type: string } };

const writtenFields = Object.keys(writtenColumns) as (keyof CheckoutSessionFields)[];

/** The written fields' columns, in order (an order copies them under the same names). */
export const writtenColumnList = writtenFields.map((field) => writtenColumns[field].column).join(', ');
export const writtenFieldCount = writtenFields.length;

const sessionColumns = describeColumns<CheckoutSessionRecord>({
  id: 'id',
  sessionId: 'session_id',
  mode: 'mode',
  productId: 'product_id',
  status: 'status',
  ...writtenColumns,
  expiresAt: 'expires_at',
  createdAt: 'created_at',
  completedAt: 'completed_at',
  orderId: 'order_id',
  paymentLockedUntil: 'payment_locked_until',
  successUrl: 'success_url',
  cancelUrl: 'cancel_url',
});
const columns = sessionColumns.list();
const toRecord = sessionColumns.toRecord;

/** What a new session is written with: its ids (chosen before the INSERT, so its response is known) and times. */
export interface NewCheckoutSession {
  id: string;
  sessionId: string;
  productId: string;
  fields: CheckoutSessionFields;
  urls: CheckoutSessionUrls;
  now: Date;
  expiresAt: Date;
}

const insertColumns = `id, session_id, account_id, mode, product_id, status, ${writtenColumnList}, success_url,
  cancel_url, expires_at, created_at, updated_at`;

/** The VALUES of an insert, numbered from `$from`; typed, as INSERT … SELECT needs. */
function insertValues(from: number): string {
  const types = ['uuid', 'text', 'text', 'text', 'text', ...writtenFields.map((f) => writtenColumns[f].type)];
  const placeholders = [...types, 'text', 'text', 'timestamptz', 'timestamptz'].map(
    (type, i) => `$${from + i}::${type}`,
  );
  // status is always 'open'; updated_at = created_at.
  return [...placeholders.slice(0, 5), `'open'`, ...placeholders.slice(5), placeholders.at(-1)].join(', ');
}

/** The written fields in column order, as the INSERT, the UPDATE (and an order's INSERT) bind them. */
export function fieldParams(fields: CheckoutSessionFields): unknown[] {
  return writtenFields.map((field) => fields[field]);
}

function insertParams(scope: Scope, session: NewCheckoutSession): unknown[] {
  return [
    session.id,
    session.sessionId,
    scope.accountId,
    scope.mode,
    session.productId,
    ...fieldParams(session.fields),
    session.urls.successUrl,
    session.urls.cancelUrl,
    session.expiresAt,
    session.now,
  ];
}

// The hot path's texts, built once (the statement cache is keyed by text).
const insertSql = `insert into checkout_sessions (${insertColumns}) values (${insertValues(1)})`;
const insertOnceStatement = idempotentStatement({
  ctes: `, session as (
      insert into checkout_sessions (${insertColumns})
      select ${insertValues(keyParamCount + 1)} where exists (select 1 from claim))`,
});

/** One INSERT; the caller already knows everything the response says. */
export async function insertCheckoutSession(db: Db, scope: Scope, session: NewCheckoutSession): Promise<void> {
  await db.query(insertSql, insertParams(scope, session));
}

/** The same INSERT as one write with an Idempotency-Key's row and response: both commit, or neither. */
export function insertCheckoutSessionOnce(
  db: Db,
  scope: Scope,
  session: NewCheckoutSession,
  key: { request: IdempotentRequest; response: StoredResponse; times: KeyTimes },
): Promise<IdempotentWrite> {
  return writeIdempotently(db, key.request, key.response, key.times, {
    statement: insertOnceStatement,
    params: insertParams(scope, session),
  });
}

// $1–$3 are id, account and mode; the written fields follow, then updated_at (`now`), then — on an API update —
// the options.
const nowParam = 4 + writtenFields.length;
const fieldsSet = [
  ...writtenFields.map((field, i) => `${writtenColumns[field].column} = $${4 + i}`),
  `updated_at = $${nowParam}`,
].join(', ');
const optionsSet = `success_url = $${nowParam + 1}, cancel_url = $${nowParam + 2},
  expires_at = coalesce($${nowParam + 3}::timestamptz, expires_at)`;
const updateSet = (withOptions: boolean) => (withOptions ? `${fieldsSet}, ${optionsSet}` : fieldsSet);

function updateParams(
  scope: Scope,
  id: string,
  fields: CheckoutSessionFields,
  now: Date,
  options: CheckoutSessionOptions | undefined,
): unknown[] {
  const params = [id, scope.accountId, scope.mode, ...fieldParams(fields), now];
  return options ? [...params, options.successUrl, options.cancelUrl, options.expiresAt] : params;
}

/**
 * Rewrites an open, unexpired session; null when it is no longer open (the caller decides what that means). The
 * hosted page rewrites the written fields only; an API update (`options`) its URLs and expiry too.
 */
export async function updateOpenCheckoutSession(
  db: Db,
  scope: Scope,
  id: string,
  fields: CheckoutSessionFields,
  now: Date,
  options?: CheckoutSessionOptions,
): Promise<CheckoutSessionRecord | null> {
  const [row] = await db.query(
    `update checkout_sessions set ${updateSet(options !== undefined)}
     where id = $1 and account_id = $2 and mode = $3 and status = 'open' and expires_at > $${nowParam}
     returning ${columns}`,
    updateParams(scope, id, fields, now, options),
  );
  return row ? toRecord(row) : null;
}

/** Parameter `$n` of an update, renumbered to follow the key's parameters. */
const at = (n: number) => `$${keyParamCount + n}`;
const updateOnceSet = updateSet(true).replace(/\$(\d+)/g, (_m, n: string) => at(Number(n)));
const updateOnceStatement = idempotentStatement({
  before: `target as materialized (
      select id from checkout_sessions
      where id = ${at(1)}::uuid and account_id = ${at(2)} and mode = ${at(3)} and status = 'open'
        and expires_at > ${at(nowParam)}
      for update)`,
  condition: 'exists (select 1 from target)',
  ctes: `, session as (
      update checkout_sessions set ${updateOnceSet}
      where id = (select id from target) and exists (select 1 from claim))`,
});

/**
 * The same UPDATE as one write with an Idempotency-Key's row and response. The session row is locked first and
 * must still be open, else nothing is written (`refused`).
 */
export function updateOpenCheckoutSessionOnce(
  db: Db,
  scope: Scope,
  id: string,
  fields: CheckoutSessionFields,
  now: Date,
  options: CheckoutSessionOptions,
  key: { request: IdempotentRequest; response: StoredResponse; times: KeyTimes },
): Promise<IdempotentWrite> {
  return writeIdempotently(db, key.request, key.response, key.times, {
    statement: updateOnceStatement,
    params: updateParams(scope, id, fields, now, options),
  });
}

const findById = `select ${columns} from checkout_sessions where id = $1::uuid and account_id = $2 and mode = $3`;
const findBySessionId = `select ${columns} from checkout_sessions where session_id = $1 and account_id = $2 and mode = $3`;

/** By `id` (UUID) or `session_id` (`ch_…`); `forUpdate` locks the row until the transaction ends. */
export async function findCheckoutSession(
  db: Db,
  scope: Scope,
  idOrSessionId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CheckoutSessionRecord | null> {
  const byId = isUuid(idOrSessionId);
  const find = byId ? findById : findBySessionId;
  const [row] = await db.query(options.forUpdate ? `${find} for update` : find, [
    byId ? idOrSessionId.toLowerCase() : idOrSessionId,
    scope.accountId,
    scope.mode,
  ]);
  return row ? toRecord(row) : null;
}

/**
 * `findCheckoutSession` through the cache, for GET /v1/checkout/{id}: a session read before is served from memory
 * once the cache's read barrier shows no change committed before this call is still on its way (see StoreCache).
 * The entry is keyed by scope and the id as asked, and tagged by the session's id (the trigger's tag, 0011).
 */
export function readCheckoutSession(
  db: Db,
  cache: StoreCache,
  scope: Scope,
  idOrSessionId: string,
): Promise<CheckoutSessionRecord | null> {
  const id = isUuid(idOrSessionId) ? idOrSessionId.toLowerCase() : idOrSessionId;
  return cache.readConsistent(
    'session',
    `${scope.accountId}\u0000${scope.mode}\u0000${id}`,
    () => findCheckoutSession(db, scope, id),
    (session) => `checkout_session:${session.id}`,
  );
}

/**
 * The hosted checkout page's lookup: by `id` alone, across accounts, because the page is unauthenticated and the
 * UUID in its URL is the capability. Returns the owning account so every later query can be scoped again.
 */
export async function findCheckoutSessionById(
  db: Db,
  id: string,
): Promise<(CheckoutSessionRecord & { accountId: string }) | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.query<{ account_id: string }>(
    `select account_id, ${columns} from checkout_sessions where id = $1::uuid`,
    [id.toLowerCase()],
  );
  return row ? { ...toRecord(row), accountId: row.account_id } : null;
}

/** Card-testing protection: refuses payment on the session until `until` (keeps a later lock already set). */
export async function lockCheckoutPayments(db: Db, scope: Scope, id: string, until: Date): Promise<void> {
  await db.query(
    `update checkout_sessions set payment_locked_until = greatest(payment_locked_until, $4)
     where id = $1 and account_id = $2 and mode = $3`,
    [id, scope.accountId, scope.mode, until],
  );
}

/** Marks an open session completed with its order (and the email the customer paid with). */
export async function markCheckoutSessionCompleted(
  tx: Db,
  scope: Scope,
  id: string,
  completion: { orderId: string; customerEmail: string; now: Date },
): Promise<CheckoutSessionRecord> {
  const [row] = await tx.query(
    `update checkout_sessions set status = 'completed', completed_at = $4, updated_at = $4, order_id = $5, customer_email = $6
     where id = $1 and account_id = $2 and mode = $3 and status = 'open'
     returning ${columns}`,
    [id, scope.accountId, scope.mode, completion.now, completion.orderId, completion.customerEmail],
  );
  if (!row) throw new Error(`checkout session ${id} was not open when completing it; lock it first`);
  return toRecord(row);
}

export function listCheckoutSessions(
  db: Db,
  scope: Scope,
  query: {
    limit: number;
    startingAfter?: string;
    status: CheckoutStatus | undefined;
    productId: string | undefined;
    now: Date;
  },
): Promise<Page<CheckoutSessionRecord>> {
  const source = {
    table: 'checkout_sessions',
    alias: 's',
    select: `select ${columns} from checkout_sessions s`,
    toRecord,
    // Not a UUID: no session has it (and the query could not even cast it), so no query at all.
    cursorId: (cursor: string) => (isUuid(cursor) ? cursor.toLowerCase() : null),
  } as const;
  return listPage(db, scope, source, query, [
    // Read through expiry: an open session past expires_at is listed as expired before the sweeper runs.
    (param) => {
      const status = param(query.status ?? null);
      const now = param(query.now);
      return `(${status}::text is null
               or (${status} = 'open' and s.status = 'open' and s.expires_at > ${now})
               or (${status} = 'expired' and (s.status = 'expired' or (s.status = 'open' and s.expires_at <= ${now})))
               or (${status} = 'completed' and s.status = 'completed'))`;
    },
    matchingIfGiven('s.product_id', 'text', query.productId),
  ]);
}

/** Marks an open session expired; null if it is not open any more (completed, expired, or past its expiry). */
export async function expireCheckoutSession(
  db: Db,
  scope: Scope,
  id: string,
  now: Date,
): Promise<CheckoutSessionRecord | null> {
  const [row] = await db.query(
    `update checkout_sessions set status = 'expired', updated_at = $4
     where id = $1 and account_id = $2 and mode = $3 and status = 'open' and expires_at > $4
     returning ${columns}`,
    [id, scope.accountId, scope.mode, now],
  );
  return row ? toRecord(row) : null;
}

/** Sweeper: writes `expired` on open sessions past their expiry, a batch at a time. Returns the expired sessions. */
export async function expireDueCheckoutSessions(
  db: Db,
  now: Date,
  batch: number,
): Promise<(CheckoutSessionRecord & { accountId: string })[]> {
  const rows = await db.query<{ account_id: string }>(
    `update checkout_sessions set status = 'expired', updated_at = $1
     where id in (select id from checkout_sessions where status = 'open' and expires_at <= $1
                  order by expires_at limit $2 for update skip locked)
     returning account_id, ${columns}`,
    [now, batch],
  );
  return rows.map((row) => ({ ...toRecord(row), accountId: row.account_id }));
}
