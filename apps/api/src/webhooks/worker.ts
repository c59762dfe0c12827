import type { AppDeps } from '../deps';
import { type ClaimedDelivery, claimDueDeliveries, recordDeliveryAttempt } from '../store/webhook-deliveries';
import { webhookEventOnWire } from '../wire/webhook';
import { leaseMs, nextAttemptAt } from './schedule';
import { type Resolver, postWebhook, type WebhookResponse } from './send';
import { signedHeaders } from './sign';

export interface WebhookWorkerOptions {
  /** Deliveries in flight at once per worker (default 20). */
  concurrency?: number;
  /** DNS for endpoint hostnames (default: the system resolver). */
  resolve?: Resolver;
  /** Source of retry jitter, in [0, 1) (default Math.random). */
  random?: () => number;
}

const defaultConcurrency = 20;

/** Claims up to `limit` due deliveries (see claimDueDeliveries: safe across workers and replicas). */
export function claimDeliveries(deps: AppDeps, limit: number): Promise<ClaimedDelivery[]> {
  const now = deps.clock.now();
  return claimDueDeliveries(deps.db, now, new Date(now.getTime() + leaseMs(deps.config.webhooks.timeoutMs)), limit);
}

/** Makes one claimed attempt — outside any transaction — and records how it went. */
export async function attemptDelivery(
  deps: AppDeps,
  claim: ClaimedDelivery,
  options: WebhookWorkerOptions = {},
): Promise<WebhookResponse> {
  const { clock, config } = deps;
  const body = JSON.stringify(webhookEventOnWire(claim.event));
  let response: WebhookResponse;
  try {
    response = await postWebhook({
      url: claim.endpoint.url,
      mode: claim.event.mode,
      headers: signedHeaders(claim.endpoint.secret, claim.event.id, body, clock.now()),
      body,
      timeoutMs: config.webhooks.timeoutMs,
      resolve: options.resolve,
    });
  } catch (error) {
    // Only signing can throw here (postWebhook resolves): a corrupt secret.
    response = { status: null, error: `cannot sign: ${error instanceof Error ? error.message : String(error)}` };
  }
  const finishedAt = clock.now();
  const next =
    response.error === null
      ? null
      : nextAttemptAt(config.webhooks.retrySchedule, claim.roundAttempt, finishedAt, options.random);
  await recordDeliveryAttempt(deps.db, claim, {
    responseStatus: response.status,
    error: response.error,
    status: response.error === null ? 'succeeded' : next ? 'pending' : 'failed',
    nextAttemptAt: next,
    finishedAt,
  });
  return response;
}

/** One round: claims what is due (up to the concurrency), attempts it all, returns how many attempts were made. */
export async function deliverDueWebhooks(deps: AppDeps, options: WebhookWorkerOptions = {}): Promise<number> {
  const claims = await claimDeliveries(deps, options.concurrency ?? defaultConcurrency);
  await Promise.all(claims.map((claim) => attemptDelivery(deps, claim, options)));
  return claims.length;
}

export interface WebhookWorker {
  /** Stops claiming and resolves once the attempts in flight are recorded. */
  stop(): Promise<void>;
}

/**
 * Polls every `webhooks.pollIntervalMs` and keeps up to `concurrency` attempts in flight; a slow endpoint holds one
 * slot, not the others. All state is in the database, so a restart (or another replica) carries on where it stopped.
 */
export function startWebhookWorker(deps: AppDeps, options: WebhookWorkerOptions = {}): WebhookWorker {
  const concurrency = options.concurrency ?? defaultConcurrency;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  let pollRunning = false;
  let pollAgain = false;
  // Slots were full while more was due: the next attempt to finish triggers a poll.
  let waitingForSlot = false;

  const pollIn = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(startPoll, delayMs);
  };

  const startPoll = () => {
    if (pollRunning) {
      pollAgain = true;
      return;
    }
    pollRunning = true;
    polling = poll().finally(() => {
      pollRunning = false;
    });
  };

  const poll = async (): Promise<void> => {
    let backlog = true;
    try {
      const free = concurrency - inFlight.size;
      if (free > 0) {
        const claims = await claimDeliveries(deps, free);
        backlog = claims.length === free;
        for (const claim of claims) {
          const attempt: Promise<void> = attemptDelivery(deps, claim, options)
            .then(() => undefined)
            .catch((error: unknown) => {
              console.error(
                `webhooks: recording attempt ${claim.attempt} of delivery ${claim.id} failed; it is retried once its lease expires`,
                error,
              );
            })
            .finally(() => {
              inFlight.delete(attempt);
              if (waitingForSlot) {
                waitingForSlot = false;
                pollIn(0);
              }
            });
          inFlight.add(attempt);
        }
      }
    } catch (error) {
      backlog = false;
      console.error('webhooks: claiming due deliveries failed; retrying at the next poll', error);
    }
    if (pollAgain || (backlog && inFlight.size < concurrency)) {
      pollAgain = false;
      pollIn(0);
    } else if (backlog) {
      waitingForSlot = true;
    } else {
      pollIn(deps.config.webhooks.pollIntervalMs);
    }
  };

  startPoll();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await Promise.all(inFlight);
    },
  };
}
