import * as z from 'zod/mini';
import { ClickId } from '../model/attribution.js';
import { Id, Timestamp } from '../model/common.js';
import { parse } from '../validate.js';
import { storageSlot } from '../internal/storage.js';

/** What the click log remembers about one click. */
export interface ClickMeta {
  partnerId: string;
  recommendationId: string;
  /** When the click happened (ISO 8601); defaults to now. */
  at?: string;
}

/** Options of `createClickLog`. */
export interface ClickLogOptions {
  /** Where to keep the log; default `localStorage`, `null` = memory only. */
  storage?: Storage | null;
  /** Storage key; default `vitrine:clicks`. */
  key?: string;
  /** Most click ids kept (newest win); default 50, the most one orders lookup takes. */
  max?: number;
  /** Clicks older than this are forgotten; default 90 (the longest attribution window). */
  maxAgeDays?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** This browser's recent clicks, newest first. */
export interface ClickLog {
  /** Remembers a click (a repeated click id moves to the front). Throws `ValidationError` on bad input. */
  add(clickId: ClickId, meta: ClickMeta): void;
  /** The remembered click ids, newest first, expired ones left out. */
  list(): ClickId[];
  /** Forgets every click. */
  clear(): void;
  /**
   * Calls `listener` whenever the remembered clicks change: through this log,
   * through another log of the same `key` in this page (every client of the
   * page shares the default key), or in another tab of the same origin (the
   * `storage` event, when the log persists to that storage). Returns the
   * function that stops it. A listener that throws does not stop the others.
   */
  subscribe(listener: () => void): () => void;
}

/**
 * The listeners of every click log of this page, by storage key: a click
 * recorded by one client (a card with its own `api`) reaches the
 * `<vitrine-order-status>` of another.
 */
const listenersByKey: Record<string, Set<() => void>> = {};

const Entry = z.object({ clickId: ClickId, partnerId: Id, recommendationId: Id, at: Timestamp });
type Entry = z.infer<typeof Entry>;

/**
 * Creates the log of this browser's click ids, so that `<vitrine-order-status>`
 * can look up the orders they led to. Best effort: storage errors (absent,
 * sandboxed, full) fall back to memory and corrupt data starts empty; it never
 * throws on storage. Attribution never depends on it: the click id travels in
 * the decorated link and the partner keeps it.
 */
export function createClickLog(options: ClickLogOptions = {}): ClickLog {
  const { key = 'vitrine:clicks', max = 50, maxAgeDays = 90, now = Date.now } = options;
  const slot = storageSlot(options.storage, key);
  let memory: Entry[] = [];
  const notify = () => listenersByKey[key]?.forEach((call) => call());

  const load = (): Entry[] => {
    const stored = slot.read();
    if (stored !== undefined) {
      memory = Array.isArray(stored) ? stored.flatMap((item) => Entry.safeParse(item).data ?? []) : [];
    }
    const oldest = now() - maxAgeDays * 86_400_000;
    return memory.filter((entry) => Date.parse(entry.at) >= oldest).slice(0, max);
  };
  const save = (entries: Entry[]): void => {
    memory = entries;
    slot.write(entries);
  };

  return {
    add(clickId, meta) {
      const entry = parse(
        Entry,
        { clickId, partnerId: meta.partnerId, recommendationId: meta.recommendationId, at: meta.at ?? new Date(now()).toISOString() },
        'clickLog.add',
        'invalid_input',
      );
      save([entry, ...load().filter((item) => item.clickId !== clickId)].slice(0, max));
      notify();
    },
    list: () => load().map((entry) => entry.clickId),
    clear: () => {
      save([]);
      notify();
    },
    subscribe(listener) {
      const call = () => {
        try {
          listener();
        } catch {
          // one listener's failure is neither the log's nor the other listeners'
        }
      };
      // Another tab's write (or its clear, key null): the storage event fires in every other tab of the origin.
      const onStorage = (event: StorageEvent) => slot.storage && event.storageArea === slot.storage && (event.key ?? key) === key && call();
      (listenersByKey[key] ??= new Set()).add(call);
      globalThis.addEventListener?.('storage', onStorage);
      return () => {
        listenersByKey[key]!.delete(call);
        globalThis.removeEventListener?.('storage', onStorage);
      };
    },
  };
}
