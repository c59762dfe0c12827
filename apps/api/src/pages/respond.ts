import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http/env';
import { findOrder } from '../store/orders';
import type { CheckoutContext } from './checkout-context';
import { type Html, pageSecurityHeaders } from './layout';
import { receiptPage } from './receipt-page';
import { expiredPage } from './status-pages';

export type PageContext = Context<AppEnv>;

export function sendPage(
  c: PageContext,
  page: Html,
  status: ContentfulStatusCode,
  formOrigin?: string,
): Response | Promise<Response> {
  for (const [name, value] of Object.entries(pageSecurityHeaders(formOrigin))) c.header(name, value);
  return c.html(page, status);
}

/** The origin a successful payment redirects to, for the CSP's form-action; undefined when it stays on this site. */
export function redirectOrigin(ctx: CheckoutContext): string | undefined {
  const target = ctx.session.successUrl ?? ctx.product.redirectUrl;
  if (!target) return undefined;
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The page for a session that is no longer open: its receipt, or the expired notice. */
export async function closedCheckoutPage(c: PageContext, ctx: CheckoutContext): Promise<Response> {
  if (ctx.status === 'completed') {
    const order = ctx.session.orderId ? await findOrder(c.get('deps').db, ctx.scope, ctx.session.orderId) : null;
    return sendPage(c, receiptPage(ctx, order), 200);
  }
  return sendPage(c, expiredPage(ctx), 410);
}
