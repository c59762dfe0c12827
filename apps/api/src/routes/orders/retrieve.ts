import { findOrder } from '../../store/orders';
import { orderOnWire } from '../../wire/order';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** GET /v1/orders/{orderId} */
export const retrieveOrder: Handler<'retrieveOrder'> = async (c) => {
  const { orderId } = c.req.valid('param');
  const order = await findOrder(c.get('deps').db, c.get('caller'), orderId);
  if (!order) throw notFound('order_not_found', 'order', orderId, '/path/orderId');
  return c.json(orderOnWire(order), 200);
};
