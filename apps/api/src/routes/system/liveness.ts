import type { Handler } from '../handler';

/** GET /livez — 200 while the process answers. No database call: a database outage must not fail liveness. */
export const getLiveness: Handler<'getLiveness'> = (c) => c.json({ status: 'ok' as const }, 200);
