import type { Hono, MiddlewareHandler } from 'hono';
import type { FieldError } from '../errors';
import type { AppEnv } from '../http/env';
import { routeTemplate } from '../http/route-table';
import { checkUrl } from '../http/strings';
import type { CardTestingGuard } from './card-testing';
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
      c.get('deps').logger.error({ request_id: c.get('requestId'), err: error }, 'checkout page error');
      return sendPage(c, serverErrorPage(c.get('requestId')), 500);
    }
  };
}

const pageRoutes = [
  routeTemplate('GET', '/checkout/{mode}/{productId}'),
  routeTemplate('POST', '/checkout/{mode}/{productId}'),
];

/**
 * The API's string rule (http/strings.ts) on the page URL: a path or `checkout_id` with NUL or broken
 * percent-encoding names no checkout, so it gets the not-found page (as 400) before any lookup.
 */
const storableUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  const errors: FieldError[] = [];
  checkUrl(c.req.url, pageRoutes, errors);
  if (errors.length > 0) return sendPage(c, notFoundPage(), 400);
  await next();
};

/**
 * The hosted checkout (customer side): server-rendered, unauthenticated, outside /v1 and the API spec. The checkout
 * id in the URL is the capability.
 */
export function registerCheckoutPages(app: Hono<AppEnv>, cardTesting: CardTestingGuard): void {
  app.use('/checkout/*', storableUrl);
  app.get('/checkout/:mode/:productId', htmlErrors(showCheckout));
  app.post(
    '/checkout/:mode/:productId',
    htmlErrors((c) => payCheckout(c, cardTesting)),
  );
  app.all('/checkout/*', (c) => sendPage(c, notFoundPage(), 404));
}
