/**
 * Outgoing webhooks: the platform tells a partner what it recorded. Messages go
 * through the store's outbox (durable: a restart loses nothing) and are
 * delivered at least once, signed per Standard Webhooks with the partner's
 * secret; every attempt of a message carries the same `webhook-id`, so the
 * receiver drops duplicates.
 */
import type { Order } from '../model/order.js';
import { summarizeCommissions } from '../server/commission.js';
import type { OrderUpdatedWebhook } from '../server/outgoing-webhooks.js';
import { signHeaders } from '../server/webhooks.js';
import type { PlatformStore } from './store/store.js';

/** Waits between attempts after a failure; after the last one the message is abandoned. */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000];

/**
 * The `webhook-id` of the `order.updated` message for the order as it now
 * stands: `msg_<order id>_<status>_<minor units refunded so far>`. An order
 * only moves forward (statuses, cumulative refunds), so every change has its
 * own id, and recording the same state twice enqueues one message.
 */
export function orderUpdatedId(order: Order): string {
  const refunded = order.lines.reduce((sum, line) => sum + (line.refunded?.amount ?? 0), 0);
  return `msg_${order.id}_${order.status}_${refunded}`;
}

/**
 * Enqueues `order.updated` for the order's partner, when the partner has a
 * webhook URL: the order, its per-line commission summary and its ledger
 * entries. Its id is {@link orderUpdatedId}.
 */
export async function enqueueOrderUpdated(store: PlatformStore, order: Order, now: number): Promise<boolean> {
  const target = await store.partnerSecrets(order.partnerId);
  if (!target?.webhookUrl) return false;
  const ledger = await store.ledgerForOrder(order.id);
  const body: OrderUpdatedWebhook = {
    type: 'order.updated',
    timestamp: new Date(now).toISOString(),
    data: { order, commissions: summarizeCommissions(order.id, ledger), ledger },
  };
  await store.enqueueWebhook({ id: orderUpdatedId(order), partnerId: order.partnerId, type: body.type, payload: JSON.stringify(body), nextAttemptAt: now });
  return true;
}

export interface WebhookDispatcherOptions {
  store: PlatformStore;
  now?: (() => number) | undefined;
  fetch?: typeof fetch | undefined;
  /** Default {@link WEBHOOK_RETRY_SCHEDULE_MS}. */
  schedule?: readonly number[] | undefined;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Most messages per `deliverDue` call (default 20). */
  batch?: number | undefined;
  /** One line per attempt. */
  log?: ((line: string) => void) | undefined;
}

export interface WebhookDispatcher {
  /** Attempts every due message once (up to `batch`); call it on a timer. */
  deliverDue(): Promise<{ delivered: number; failed: number }>;
}

/**
 * Delivers the outbox. 2xx is delivered; anything else (including redirects,
 * which are never followed, and timeouts) is retried on the schedule, then
 * abandoned. Several dispatchers may run: delivery is at least once.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { store } = options;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? WEBHOOK_RETRY_SCHEDULE_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = options.fetch ?? fetch;

  return {
    async deliverDue() {
      let delivered = 0;
      let failed = 0;
      for (const message of await store.dueWebhooks(now(), options.batch ?? 20)) {
        const target = await store.partnerSecrets(message.partnerId);
        let status = 0;
        if (target?.webhookUrl && target.secrets[0]) {
          const headers = await signHeaders({ body: message.payload, secret: target.secrets[0], id: message.id, now });
          try {
            const response = await send(target.webhookUrl, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: message.payload,
              redirect: 'manual',
              signal: AbortSignal.timeout(timeoutMs),
            });
            status = response.status;
            await response.body?.cancel();
          } catch {
            status = 0;
          }
        }
        const ok = status >= 200 && status < 300;
        const wait = schedule[message.attempts];
        await store.recordWebhookAttempt(message.id, {
          status,
          deliveredAt: ok ? now() : null,
          // No URL any more (the partner removed it): give up at once.
          nextAttemptAt: ok || !target?.webhookUrl || wait === undefined ? null : now() + wait,
        });
        options.log?.(`webhook ${message.type} ${message.id} → ${message.partnerId}: ${ok ? 'delivered' : `failed (${status || 'no response'}), attempt ${message.attempts + 1}`}`);
        if (ok) delivered += 1;
        else failed += 1;
      }
      return { delivered, failed };
    },
  };
}
