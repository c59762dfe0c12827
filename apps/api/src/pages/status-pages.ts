import { html } from 'hono/html';
import type { Mode } from '../domain/scope';
import type { CheckoutContext } from './checkout-context';
import { backLink, productSummary } from './checkout-page';
import { layout, type Html } from './layout';

function messagePage(title: string, text: string | Html, mode?: Mode, after: Html | '' = ''): Html {
  return layout({
    title,
    mode,
    body: html`<section class="card narrow" aria-labelledby="message-heading">
  <div class="status-icon status-muted" aria-hidden="true">!</div>
  <h1 id="message-heading">${title}</h1>
  <p class="description">${text}</p>
  ${after}
</section>`,
  });
}

export function notFoundPage(): Html {
  return messagePage(
    'Checkout not found',
    'This checkout link is not valid. Check that you copied the whole link, or go back to the seller to start again.',
  );
}

export function expiredPage(ctx: CheckoutContext): Html {
  return messagePage(
    'This checkout has expired',
    html`The checkout for <strong>${ctx.product.name}</strong> is no longer open, and nothing was charged. Go back to the
      seller to start a new one.`,
    ctx.session.mode,
    backLink(ctx),
  );
}

export function forbiddenPage(): Html {
  return messagePage(
    'Please try again',
    'We could not accept this form submission. Reload the checkout page and submit the form again; nothing was charged.',
  );
}

export function serverErrorPage(requestId: string): Html {
  return messagePage(
    'Something went wrong',
    html`We could not load or process this checkout; nothing was charged. Please try again in a moment. Reference:
      <code>${requestId}</code>.`,
  );
}

/** Live mode: no card is ever taken here, so there is no form that could pretend to succeed. */
export function liveUnavailablePage(ctx: CheckoutContext): Html {
  const body = html`<div class="grid">
${productSummary(ctx, ctx.session)}
<section class="card" aria-labelledby="live-heading">
  <h2 id="live-heading">Payments are not available yet</h2>
  <div class="alert alert-info" role="status">Live payments are not enabled for this account, so this checkout cannot take a
    payment. Nothing will be charged. Please contact the seller.</div>
</section>
</div>`;
  return layout({ title: `${ctx.product.name} — payments unavailable`, mode: 'live', body });
}
