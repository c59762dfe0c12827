import { findRefund } from '../../store/refunds';
import { refundOnWire } from '../../wire/refund';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** GET /v1/refunds/{refundId} */
export const retrieveRefund: Handler<'retrieveRefund'> = async (c) => {
  const { refundId } = c.req.valid('param');
  const refund = await findRefund(c.get('deps').db, c.get('caller'), refundId);
  if (!refund) throw notFound('refund_not_found', 'refund', refundId, '/path/refundId');
  return c.json(refundOnWire(refund), 200);
};
