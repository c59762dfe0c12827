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
  const started = performance.now();
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
  const status = response.error === null ? 'succeeded' : next ? 'pending' : 'failed';
  await recordDeliveryAttempt(deps.db, claim, {
    responseStatus: response.status,
    error: response.error,
    status,
    nextAttemptAt: next,
    finishedAt,
  });
  // Ids, never the endpoint URL (it may carry a token) or the payload.
  deps.logger.info({
    msg: 'webhook attempt',
    delivery_id: claim.id,
    event_id: claim.event.id,
    event_type: claim.event.type,
    endpoint_id: claim.endpoint.id,
    attempt: claim.attempt,
    response_status: response.status,
    outcome: status === 'pending' ? 'retrying' : status,
    error: response.error,
    next_attempt_at: next?.toISOString() ?? null,
    duration_ms: Math.round(performance.now() - started),
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
  let signalStop = () => {};
  const stopping = new Promise<void>((resolve) => {
    signalStop = resolve;
  });

  const launch = (claim: ClaimedDelivery) => {
    const attempt: Promise<void> = attemptDelivery(deps, claim, options)
      .then(
        () => undefined,
        (error: unknown) => {
          deps.logger.error({
            msg: 'recording a webhook attempt failed; it is retried once its lease expires',
            delivery_id: claim.id,
            attempt: claim.attempt,
            err: error,
          });
        },
      )
      .finally(() => inFlight.delete(attempt));
    inFlight.add(attempt);
  };

  /** Claims as many due deliveries as there are free slots; true when the slots, not the due work, were the limit. */
  const fillFreeSlots = async (): Promise<boolean> => {
    const free = concurrency - inFlight.size;
    if (free === 0) return true;
    try {
      const claims = await claimDeliveries(deps, free);
      for (const claim of claims) launch(claim);
      return claims.length === free;
    } catch (error) {
      deps.logger.error({ msg: 'claiming due webhook deliveries failed; retried at the next poll', err: error });
      return false;
    }
  };

  const sleep = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), stopping]);
    clearTimeout(timer);
  };

  const run = async () => {
    while (!stopped) {
      const moreDue = await fillFreeSlots();
      if (stopped) break;
      if (!moreDue) await sleep(deps.config.webhooks.pollIntervalMs);
      // More is due but every slot is busy: claim again as soon as one attempt finishes.
      else if (inFlight.size >= concurrency) await Promise.race([...inFlight, stopping]);
      // Otherwise more is due and a slot is already free again: claim at once.
    }
  };

  const running = run();
  return {
    async stop() {
      stopped = true;
      signalStop();
      await running;
      await Promise.all(inFlight);
    },
  };
}
