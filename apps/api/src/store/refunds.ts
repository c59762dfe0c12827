import type { RefundReason, RefundStatus } from '../domain/refunds';
import type { Mode, Scope } from '../domain/scope';
import { bigint, describeColumns } from './columns';
import type { Db } from './db';
import { listPage, matchingIfGiven, type Page } from './pagination';

export interface RefundRecord {
  id: string;
  mode: Mode;
  orderId: string;
  amount: number;
  currency: string;
  reason: RefundReason | null;
  note: string | null;
  status: RefundStatus;
  createdAt: Date;
}

const refundColumns = describeColumns<RefundRecord>({
  id: 'id',
  mode: 'mode',
  orderId: 'order_id',
  amount: bigint('amount'),
  currency: 'currency',
  reason: 'reason',
  note: 'note',
  status: 'status',
  createdAt: 'created_at',
});
const toRecord = refundColumns.toRecord;

export async function findRefund(db: Db, scope: Scope, id: string): Promise<RefundRecord | null> {
  const [row] = await db.query(
    `select ${refundColumns.list()} from refunds where id = $1 and account_id = $2 and mode = $3`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

export function listRefunds(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; orderId?: string },
): Promise<Page<RefundRecord>> {
  const source = {
    table: 'refunds',
    alias: 'r',
    select: `select ${refundColumns.list('r')} from refunds r`,
    toRecord,
  } as const;
  return listPage(db, scope, source, query, [matchingIfGiven('r.order_id', 'text', query.orderId)]);
}

/**
 * Writes a refund of an order and adds it to the order's `amount_refunded`, in one statement. Call it inside the
 * transaction that locked the order (`findOrder(…, { forUpdate: true })`); the table's check keeps the sum at most
 * the order's total even if a caller did not.
 */
export async function insertRefund(
  tx: Db,
  scope: Scope,
  refund: Omit<RefundRecord, 'mode' | 'createdAt'>,
  now: Date,
): Promise<RefundRecord> {
  const [row] = await tx.query(
    `with refund as (
       insert into refunds (id, account_id, mode, order_id, amount, currency, reason, note, status, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       returning ${refundColumns.list()}
     ), credited as (
       update orders set amount_refunded = amount_refunded + $5
       where id = $4 and account_id = $2 and mode = $3
       returning id
     )
     select refund.* from refund, credited`,
    [
      refund.id,
      scope.accountId,
      scope.mode,
      refund.orderId,
      refund.amount,
      refund.currency,
      refund.reason,
      refund.note,
      refund.status,
      now,
    ],
  );
  if (!row) throw new Error(`order ${refund.orderId} vanished inside the transaction refunding it`);
  return toRecord(row);
}
