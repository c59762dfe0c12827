import type { DiscountRule } from '../domain/discounts';
import type { Mode } from './accounts';
import type { StoreCache } from './cache';
import type { Db } from './db';
import { listPage, type Page } from './pagination';
import type { Scope } from './products';

export interface DiscountRecord extends DiscountRule {
  mode: Mode;
  createdAt: Date;
}

export interface NewDiscount {
  code: string;
  type: DiscountRule['type'];
  percentOffHundredths: number | null;
  amountOff: number | null;
  currency: string | null;
  expiresAt: Date | null;
  maxRedemptions: number | null;
  productId: string | null;
}

interface Row {
  id: string;
  mode: Mode;
  code: string;
  type: DiscountRule['type'];
  /** numeric(5,2) comes back as text from both drivers. */
  percent_off: string | null;
  amount_off: number | null;
  currency: string | null;
  expires_at: Date | null;
  max_redemptions: number | null;
  times_redeemed: number;
  product_id: string | null;
  active: boolean;
  created_at: Date;
}

const columns = `id, mode, code, type, percent_off, amount_off, currency, expires_at, max_redemptions, times_redeemed,
  product_id, active, created_at`;

/** "12.50" → 1250, exactly (numeric text, not a float). */
function hundredthsOf(numeric: string): number {
  const [whole = '0', fraction = ''] = numeric.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

function toRecord(row: Row): DiscountRecord {
  return {
    id: row.id,
    mode: row.mode,
    code: row.code,
    type: row.type,
    percentOffHundredths: row.percent_off === null ? null : hundredthsOf(row.percent_off),
    amountOff: row.amount_off === null ? null : Number(row.amount_off),
    currency: row.currency,
    expiresAt: row.expires_at,
    maxRedemptions: row.max_redemptions,
    timesRedeemed: row.times_redeemed,
    productId: row.product_id,
    active: row.active,
    createdAt: row.created_at,
  };
}

/** Inserts a discount; null when the code is already taken in this account and mode (case-insensitive). */
export async function insertDiscount(
  db: Db,
  scope: Scope,
  id: string,
  input: NewDiscount,
  now: Date,
): Promise<DiscountRecord | null> {
  const [row] = await db.query<Row>(
    `insert into discounts (id, account_id, mode, code, code_normalized, type, percent_off, amount_off, currency, expires_at,
                            max_redemptions, product_id, created_at)
     values ($1, $2, $3, $4, upper($4), $5, $6::numeric / 100, $7, $8, $9, $10, $11, $12)
     on conflict (account_id, mode, code_normalized) do nothing
     returning ${columns}`,
    [
      id,
      scope.accountId,
      scope.mode,
      input.code,
      input.type,
      input.percentOffHundredths,
      input.amountOff,
      input.currency,
      input.expiresAt,
      input.maxRedemptions,
      input.productId,
      now,
    ],
  );
  return row ? toRecord(row) : null;
}

export async function findDiscount(db: Db, scope: Scope, id: string): Promise<DiscountRecord | null> {
  const [row] = await db.query<Row>(
    `select ${columns} from discounts where id = $1 and account_id = $2 and mode = $3`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

/** By `code_normalized` (see domain `discountLookupKey`): compared as given, so no database case mapping applies. */
export async function findDiscountByCode(db: Db, scope: Scope, lookupKey: string): Promise<DiscountRecord | null> {
  const [row] = await db.query<Row>(
    `select ${columns} from discounts where code_normalized = $1 and account_id = $2 and mode = $3`,
    [lookupKey, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

/** `findDiscountByCode` through the store cache (the checkout hot path). */
export function readDiscountByCode(
  db: Db,
  cache: StoreCache,
  scope: Scope,
  lookupKey: string,
): Promise<DiscountRecord | null> {
  return cache.read(
    'discount',
    `${scope.accountId}:${scope.mode}:${lookupKey}`,
    () => findDiscountByCode(db, scope, lookupKey),
    (discount) => `discount:${discount.id}`,
  );
}

export function listDiscounts(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; active?: boolean },
): Promise<Page<DiscountRecord>> {
  const source = { table: 'discounts', alias: 'd', select: `select ${columns} from discounts d`, toRecord } as const;
  return listPage(db, scope, source, query, [
    (param) => {
      const active = param(query.active ?? null);
      return `(${active}::boolean is null or d.active = ${active})`;
    },
  ]);
}

export async function deactivateDiscount(db: Db, scope: Scope, id: string): Promise<DiscountRecord | null> {
  const [row] = await db.query<Row>(
    `update discounts set active = false where id = $1 and account_id = $2 and mode = $3 returning ${columns}`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

/**
 * Counts one redemption, never past the limit even under concurrency: the guarded UPDATE is atomic and the
 * table's check constraint backs it. False when the discount is exhausted, inactive or expired by then.
 */
export async function redeemDiscount(tx: Db, scope: Scope, id: string, now: Date): Promise<boolean> {
  const rows = await tx.query(
    `update discounts set times_redeemed = times_redeemed + 1
     where id = $1 and account_id = $2 and mode = $3 and active
       and (max_redemptions is null or times_redeemed < max_redemptions)
       and (expires_at is null or expires_at > $4)
     returning 1`,
    [id, scope.accountId, scope.mode, now],
  );
  return rows.length > 0;
}
