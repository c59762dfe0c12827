import type { Mode } from './accounts';
import type { CheckoutSessionFields } from './checkout-sessions';
import type { Db } from './db';
import { listPage, type Page } from './pagination';
import type { Scope } from './products';

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
  customerEmail: string;
  customFields: Record<string, string>;
  checkoutData: Record<string, unknown> | null;
  aff: string | null;
  createdAt: Date;
}

interface Row {
  id: string;
  mode: Mode;
  checkout_id: string;
  session_id: string;
  product_id: string;
  currency: string;
  quantity: number;
  unit_amount: number;
  subtotal: number;
  discount_code: string | null;
  discount_amount: number;
  total: number;
  customer_email: string;
  custom_fields: Record<string, string>;
  checkout_data: Record<string, unknown> | null;
  aff: string | null;
  created_at: Date;
}

const selectOrder = `
  select o.id, o.mode, o.checkout_id, s.session_id, o.product_id, o.currency, o.quantity, o.unit_amount, o.subtotal,
         o.discount_code, o.discount_amount, o.total, o.customer_email, o.custom_fields, o.checkout_data, o.aff, o.created_at
  from orders o join checkout_sessions s on s.id = o.checkout_id`;

function toRecord(row: Row): OrderRecord {
  return {
    id: row.id,
    mode: row.mode,
    checkoutId: row.checkout_id,
    sessionId: row.session_id,
    productId: row.product_id,
    currency: row.currency,
    quantity: row.quantity,
    unitAmount: Number(row.unit_amount),
    subtotal: Number(row.subtotal),
    discountCode: row.discount_code,
    discountAmount: Number(row.discount_amount),
    total: Number(row.total),
    customerEmail: row.customer_email,
    customFields: row.custom_fields,
    checkoutData: row.checkout_data,
    aff: row.aff,
    createdAt: row.created_at,
  };
}

export async function findOrder(db: Db, scope: Scope, id: string): Promise<OrderRecord | null> {
  const [row] = await db.query<Row>(`${selectOrder} where o.id = $1 and o.account_id = $2 and o.mode = $3`, [
    id,
    scope.accountId,
    scope.mode,
  ]);
  return row ? toRecord(row) : null;
}

export function listOrders(
  db: Db,
  scope: Scope,
  query: { limit: number; startingAfter?: string; productId?: string },
): Promise<Page<OrderRecord>> {
  return listPage(db, scope, { table: 'orders', alias: 'o', select: selectOrder, toRecord }, query, [
    (param) => {
      const productId = param(query.productId ?? null);
      return `(${productId}::text is null or o.product_id = ${productId})`;
    },
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
    `insert into orders (id, account_id, mode, checkout_id, product_id, currency, quantity, unit_amount, subtotal, discount_id,
                         discount_code, discount_amount, total, customer_email, custom_fields, checkout_data, aff, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      order.id,
      scope.accountId,
      scope.mode,
      order.checkoutId,
      order.productId,
      order.currency,
      order.quantity,
      order.unitAmount,
      order.subtotal,
      order.discountId,
      order.discountCode,
      order.discountAmount,
      order.total,
      order.customerEmail,
      order.customFields,
      order.checkoutData,
      order.aff,
      now,
    ],
  );
  const stored = await findOrder(tx, scope, order.id);
  if (!stored) throw new Error(`order ${order.id} vanished inside its own transaction`);
  return stored;
}
