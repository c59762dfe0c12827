import type { Redis } from 'ioredis';
import { incomingOf } from '../http/body';
import { createRateLimiter, type RateLimiter } from '../http/rate-limit';
import { lockCheckoutPayments } from '../store/checkout-sessions';
import type { CheckoutContext } from './checkout-context';
import type { PageContext } from './respond';

/**
 * Card-testing protection for the hosted page: a card tester runs stolen numbers through any checkout that tells
 * declines apart. Failed payment attempts (a declined card, or card details that cannot be a card) are counted
 * where rate limits are counted — in memory, or in Redis for every replica — per checkout session and per client
 * address. Past the bounds the page refuses payment with `payment_attempts_exceeded`:
 * - 5 failures on one session within an hour lock that session for an hour; the lock is written on the session
 *   (`payment_locked_until`, shown by the API) so every replica and the merchant see it;
 * - 20 failures from one client address within an hour refuse that address on every session for the rest of it.
 */
export const sessionFailureLimit = { requests: 5, windowSeconds: 3600 };
export const clientFailureLimit = { requests: 20, windowSeconds: 3600 };
export const paymentAttemptsExceeded = 'payment_attempts_exceeded';

export interface CardTestingGuard {
  /** Why payment is refused now, or null: the session is locked, or the client address is. */
  refusal(c: PageContext, ctx: CheckoutContext, now: Date): Promise<{ until: Date } | null>;
  /** Counts one failed attempt; locks the session when it reaches its bound. */
  failed(c: PageContext, ctx: CheckoutContext, now: Date): Promise<void>;
}

/** The client's address as the socket sees it (no proxy header is trusted); in process, one shared bucket. */
function clientAddress(c: PageContext): string {
  return incomingOf(c)?.socket.remoteAddress ?? 'in-process';
}

export function createCardTestingGuard(redis?: Redis): CardTestingGuard {
  const perSession: RateLimiter = createRateLimiter(sessionFailureLimit, redis, 'solifyn:card:session');
  const perClient: RateLimiter = createRateLimiter(clientFailureLimit, redis, 'solifyn:card:client');
  return {
    async refusal(c, ctx, now) {
      const locked = ctx.session.paymentLockedUntil;
      if (locked && locked.getTime() > now.getTime()) return { until: locked };
      const client = await perClient.exhausted(clientAddress(c));
      return client.allowed ? null : { until: new Date(now.getTime() + client.resetSeconds * 1000) };
    },
    async failed(c, ctx, now) {
      const [session] = await Promise.all([perSession.consume(ctx.session.id), perClient.consume(clientAddress(c))]);
      if (session.remaining === 0) {
        const until = new Date(now.getTime() + sessionFailureLimit.windowSeconds * 1000);
        await lockCheckoutPayments(c.get('deps').db, ctx.scope, ctx.session.id, until);
      }
    },
  };
}
