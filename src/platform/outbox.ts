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
import { sign, signHeaders } from '../server/webhooks.js';
import type { OutboxMessage, PlatformStore } from './store/store.js';

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
  /** Per-attempt timeout in ms (default 5 000): a partner that does not answer in time is retried later. */
  timeoutMs?: number | undefined;
  /** Most messages per `deliverDue` call (default 50). */
  batch?: number | undefined;
  /** Most messages of one partner per `deliverDue` call (default 5), so one partner's backlog never crowds out the others. */
  perPartner?: number | undefined;
  /** One line per attempt. */
  log?: ((line: string) => void) | undefined;
}

export interface WebhookDispatcher {
  /**
   * Attempts the due messages once each (up to `batch`, at most `perPartner`
   * per partner), every partner in parallel and each partner's messages in
   * order, skipping partners whose previous round is still running: a slow or
   * hanging endpoint delays only its own partner's messages. Messages are
   * claimed first, so dispatchers of other processes never send the same
   * attempt. Call it on a timer, without waiting for the previous call.
   */
  deliverDue(): Promise<{ delivered: number; failed: number }>;
  /**
   * Stops: aborts the attempts in flight (they are not counted: the messages
   * stay due and are sent again after a restart, with the same `webhook-id`),
   * waits for the rounds to settle, and makes later `deliverDue` calls no-ops.
   */
  close(): Promise<void>;
}

/**
 * Delivers the outbox. 2xx is delivered; anything else (including redirects,
 * which are never followed, and timeouts) is retried on the schedule, then
 * abandoned. Each message is signed with every secret of its partner (current
 * first), so a partner mid-rotation verifies with either. Several dispatchers
 * may run, in one process or several sharing the store: each claims the
 * messages it sends (`store.claimWebhooks`, `FOR UPDATE SKIP LOCKED` on SQL),
 * so every due attempt is made once; a dispatcher that dies mid-round leaves
 * its claims to run out (`perPartner × timeoutMs + 30 s`), then another sends
 * them (at least once, same `webhook-id`).
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { store } = options;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? WEBHOOK_RETRY_SCHEDULE_MS;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const send = options.fetch ?? fetch;
  const perPartner = options.perPartner ?? 5;
  // A claim outlives the slowest round of a partner (each attempt times out), with a margin.
  const leaseMs = perPartner * timeoutMs + 30_000;
  const stopping = new AbortController();
  /** Partners with a round in flight, and every round in flight. */
  const busy = new Set<string>();
  const rounds = new Set<Promise<unknown>>();

  /** One attempt of one message: the HTTP status, 0 for no response, or `null` when the dispatcher is stopping. */
  async function attempt(message: OutboxMessage, target: Awaited<ReturnType<PlatformStore['partnerSecrets']>>): Promise<number | null> {
    if (!target?.webhookUrl || target.secrets.length === 0) return 0;
    const headers = await signHeaders({ body: message.payload, secret: target.secrets[0]!, id: message.id, now });
    const timestamp = Number(headers['webhook-timestamp']);
    const others = await Promise.all(target.secrets.slice(1).map((secret) => sign({ id: message.id, timestamp, body: message.payload, secret })));
    try {
      const response = await send(target.webhookUrl, {
        method: 'POST',
        headers: { ...headers, 'webhook-signature': [headers['webhook-signature'], ...others].join(' '), 'content-type': 'application/json' },
        body: message.payload,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
      });
      await response.body?.cancel().catch(() => {});
      return response.status;
    } catch {
      return stopping.signal.aborted ? null : 0;
    }
  }

  /** Delivers one partner's messages in order. */
  async function deliverPartner(partnerId: string, messages: readonly OutboxMessage[]): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    const target = await store.partnerSecrets(partnerId);
    for (const message of messages) {
      if (stopping.signal.aborted) break;
      const status = await attempt(message, target);
      if (status === null) break;
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
  }

  return {
    async deliverDue() {
      if (stopping.signal.aborted) return { delivered: 0, failed: 0 };
      const byPartner = new Map<string, OutboxMessage[]>();
      const claimed = await store.claimWebhooks(now(), { limit: options.batch ?? 50, perPartner, leaseMs, skipPartners: [...busy] });
      for (const message of claimed) {
        byPartner.set(message.partnerId, [...(byPartner.get(message.partnerId) ?? []), message]);
      }
      const results = await Promise.all(
        [...byPartner].map(([partnerId, messages]) => {
          busy.add(partnerId);
          const round = deliverPartner(partnerId, messages).finally(() => {
            busy.delete(partnerId);
            rounds.delete(round);
          });
          rounds.add(round);
          return round;
        }),
      );
      return results.reduce((sum, r) => ({ delivered: sum.delivered + r.delivered, failed: sum.failed + r.failed }), { delivered: 0, failed: 0 });
    },
    async close() {
      stopping.abort();
      await Promise.allSettled([...rounds]);
    },
  };
}
