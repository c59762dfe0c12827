import type { DiscountRule } from '../domain/discounts';
import type { Mode } from '../domain/scope';
import type { StoreCache } from './cache';
import { describeColumns, nullableBigint } from './columns';
import type { Db } from './db';
import { listPage, matchingIfGiven, type Page } from './pagination';
import type { Scope } from '../domain/scope';

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

/** "12.50" → 1250, exactly (numeric text, not a float). */
function hundredthsOf(numeric: string): number {
  const [whole = '0', fraction = ''] = numeric.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

const discountColumns = describeColumns<DiscountRecord>({
  id: 'id',
  mode: 'mode',
  code: 'code',
  type: 'type',
  // numeric(5,2) comes back as text from both drivers.
  percentOffHundredths: {
    column: 'percent_off',
    read: (stored: string | null) => (stored === null ? null : hundredthsOf(stored)),
  },
  amountOff: nullableBigint('amount_off'),
  currency: 'currency',
  expiresAt: 'expires_at',
  maxRedemptions: 'max_redemptions',
  timesRedeemed: 'times_redeemed',
  productId: 'product_id',
  active: 'active',
  createdAt: 'created_at',
});
const columns = discountColumns.list();
const toRecord = discountColumns.toRecord;

/** Inserts a discount; null when the code is already taken in this account and mode (case-insensitive). */
export async function insertDiscount(
  db: Db,
  scope: Scope,
  id: string,
  input: NewDiscount,
  now: Date,
): Promise<DiscountRecord | null> {
  const [row] = await db.query(
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
  const [row] = await db.query(`select ${columns} from discounts where id = $1 and account_id = $2 and mode = $3`, [
    id,
    scope.accountId,
    scope.mode,
  ]);
  return row ? toRecord(row) : null;
}

/** By `code_normalized` (see domain `discountLookupKey`): compared as given, so no database case mapping applies. */
export async function findDiscountByCode(db: Db, scope: Scope, lookupKey: string): Promise<DiscountRecord | null> {
  const [row] = await db.query(
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
  return listPage(db, scope, source, query, [matchingIfGiven('d.active', 'boolean', query.active)]);
}

export async function deactivateDiscount(db: Db, scope: Scope, id: string): Promise<DiscountRecord | null> {
  const [row] = await db.query(
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
