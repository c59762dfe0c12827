import type { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { payCheckout } from './pay';
import { type PageContext, sendPage } from './respond';
import { showCheckout } from './show-checkout';
import { notFoundPage, serverErrorPage } from './status-pages';

/** HTML pages answer errors in HTML too, never with the API's problem+json. */
function htmlErrors(handler: (c: PageContext) => Promise<Response>) {
  return async (c: PageContext) => {
    try {
      return await handler(c);
    } catch (error) {
      console.error(`[${c.get('requestId')}] checkout page error`, error);
      return sendPage(c, serverErrorPage(c.get('requestId')), 500);
    }
  };
}

/**
 * The hosted checkout (customer side): server-rendered, unauthenticated, outside /v1 and the API spec. The checkout
 * id in the URL is the capability.
 */
export function registerCheckoutPages(app: Hono<AppEnv>): void {
  app.get('/checkout/:mode/:productId', htmlErrors(showCheckout));
  app.post('/checkout/:mode/:productId', htmlErrors(payCheckout));
  app.all('/checkout/*', (c) => sendPage(c, notFoundPage(), 404));
}
