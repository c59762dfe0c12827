import { ApiError } from '../../errors';
import type { Handler } from '../handler';

/** GET /healthz — 200 when the database answers, 503 otherwise. Unauthenticated. */
export const getHealth: Handler<'getHealth'> = async (c) => {
  try {
    await c.get('deps').db.query('select 1');
  } catch {
    throw new ApiError('service_unavailable', 'The database is not reachable.');
  }
  return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
};
