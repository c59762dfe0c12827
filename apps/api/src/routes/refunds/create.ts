import { refundOrder } from '../../services/refund-order';
import { refundOnWire } from '../../wire/refund';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** POST /v1/orders/{orderId}/refunds */
export const createRefund: Handler<'createRefund'> = async (c) => {
  const { orderId } = c.req.valid('param');
  const body = c.req.valid('json');
  const refunded = await refundOrder(c.get('deps'), c.get('caller'), orderId, {
    amount: body.amount,
    reason: body.reason ?? null,
    note: body.note ?? null,
  });
  if (!refunded) throw notFound('order_not_found', 'order', orderId, '/path/orderId');
  return c.json(refundOnWire(refunded.refund), 201);
};
