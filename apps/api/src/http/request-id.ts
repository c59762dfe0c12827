import type { MiddlewareHandler } from 'hono';
import { randomId } from '../domain/ids';
import { addResponseHeaders } from './response-headers';

/** Gives every request an id, returned as `Request-Id` on every response (errors included) and used in logs. */
export const requestId: MiddlewareHandler = async (c, next) => {
  const id = randomId('req', 20);
  c.set('requestId', id);
  await next();
  addResponseHeaders(c, { 'Request-Id': id });
};
