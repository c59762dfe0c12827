import type { Mode } from '../domain/scope';
import { type CheckoutSessionFields, fieldParams, writtenColumnList, writtenFieldCount } from './checkout-sessions';
import { bigint, describeColumns } from './columns';
import type { Db } from './db';
import { listPage, matchingIfGiven, type Page } from './pagination';
import type { Scope } from '../domain/scope';

export interface OrderRecord {
  id: string;
  mode: Mode;
  checkoutId: string;
  sessionId: string;
  productId: string;
  currency: string;
  quantity: number;
  unitAmount: number;
  subtotal: number;
  discountCode: string | null;
  discountAmount: number;
  total: number;
  /** Sum of the order's refunds (minor units), at most `total`. */
  amountRefunded: number;
  customerEmail: string;
  customFields: Record<string, string>;
  checkoutData: Record<string, unknown> | null;
  aff: string | null;
  createdAt: Date;
}

const orderColumns = describeColumns<OrderRecord>({
  id: 'id',
  mode: 'mode',
  checkoutId: 'checkout_id',
  sessionId: 's.session_id',
  productId: 'product_id',
  currency: 'currency',
  quantity: 'quantity',
  unitAmount: bigint('unit_amount'),
  subtotal: bigint('subtotal'),
  discountCode: 'discount_code',
  discountAmount: bigint('discount_amount'),
  total: bigint('total'),
  amountRefunded: bigint('amount_refunded'),
  customerEmail: 'customer_email',
  customFields: 'custom_fields',
  checkoutData: 'checkout_data',
  aff: 'aff',
  createdAt: 'created_at',
});
const toRecord = orderColumns.toRecord;

const selectOrder = `select ${orderColumns.list('o')} from orders o join checkout_sessions s on s.id = o.checkout_id`;

/** `forUpdate` locks the order row (not its session's) until the transaction ends. */
export async function findOrder(
  db: Db,
  scope: Scope,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<OrderRecord | null> {
  const [row] = await db.query(
    `${selectOrder} where o.id = $1 and o.account_id = $2 and o.mode = $3${options.forUpdate ? ' for update of o' : ''}`,
    [id, scope.accountId, scope.mode],
  );
  return row ? toRecord(row) : null;
}

export function listOrders(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; productId?: string },
): Promise<Page<OrderRecord>> {
  return listPage(db, scope, { table: 'orders', alias: 'o', select: selectOrder, toRecord }, query, [
    matchingIfGiven('o.product_id', 'text', query.productId),
  ]);
}

/** Writes the order of a completed checkout session; the session's amounts are copied, not recomputed. */
export async function insertOrder(
  tx: Db,
  scope: Scope,
  order: CheckoutSessionFields & { id: string; checkoutId: string; productId: string; customerEmail: string },
  now: Date,
): Promise<OrderRecord> {
  await tx.query(
    `insert into orders (id, account_id, mode, checkout_id, product_id, ${writtenColumnList}, created_at)
     values (${Array.from({ length: 6 + writtenFieldCount }, (_, i) => `$${i + 1}`).join(', ')})`,
    [order.id, scope.accountId, scope.mode, order.checkoutId, order.productId, ...fieldParams(order), now],
  );
  const stored = await findOrder(tx, scope, order.id);
  if (!stored) throw new Error(`order ${order.id} vanished inside its own transaction`);
  return stored;
}
