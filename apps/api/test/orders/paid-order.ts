import { randomId } from '../../src/domain/ids';
import type { TestApi } from '../support/api';

/**
 * Completes a checkout session by hand and writes its order, as the hosted checkout page will once it exists: the
 * order copies the session's amounts (minor units), the session becomes `completed` and points at the order.
 * Rows as in store/migrations/0001_init.sql; the session must exist and carry a customer email or get one here.
 */
export async function paidOrder(
  api: TestApi,
  checkoutId: string,
  options: { customerEmail?: string; at?: Date } = {},
): Promise<string> {
  const id = randomId('ord');
  const at = options.at ?? api.clock.now();
  await api.deps.db.transaction(async (tx) => {
    const rows = await tx.query(
      `insert into orders (id, account_id, mode, checkout_id, product_id, currency, quantity, unit_amount, subtotal,
                           discount_id, discount_code, discount_amount, total, customer_email, custom_fields,
                           checkout_data, aff, created_at)
       select $1, s.account_id, s.mode, s.id, s.product_id, s.currency, s.quantity, s.unit_amount, s.subtotal,
              s.discount_id, s.discount_code, s.discount_amount, s.total, coalesce($3, s.customer_email),
              s.custom_fields, s.checkout_data, s.aff, $4
       from checkout_sessions s where s.id = $2 and s.status = 'open'
       returning 1`,
      [id, checkoutId, options.customerEmail ?? null, at],
    );
    if (rows.length !== 1) throw new Error(`paidOrder: no open checkout session ${checkoutId}`);
    await tx.query(
      `update checkout_sessions set status = 'completed', completed_at = $3, order_id = $2, updated_at = $3,
              customer_email = coalesce(customer_email, $4)
       where id = $1`,
      [checkoutId, id, at, options.customerEmail ?? null],
    );
  });
  return id;
}
