import { sumMoney } from '../internal/money.js';
import { storageSlot } from '../internal/storage.js';
import { VitrineError } from '../errors.js';
import { CartLine, CartState, Favourite } from '../model/cart.js';
import type { Money } from '../model/money.js';
import { parse } from '../validate.js';

/** What `add` takes: a cart line without `addedAt`; `quantity` defaults to 1. */
export type AddToCartInput = Omit<CartLine, 'addedAt' | 'quantity'> & { quantity?: number };

/** The lines of one partner shop, as checkout hands them over. */
export interface CartGroup {
  partnerId: string;
  lines: CartLine[];
  /** Sum of price × quantity, one entry per currency. */
  subtotals: Money[];
  /** Total quantity. */
  count: number;
}

/** Options of `createCartStore`. */
export interface CartStoreOptions {
  /** Where the cart persists; default `localStorage`, `null` = memory only. */
  storage?: Storage | null;
  /** Storage key; default `vitrine:cart`. */
  key?: string;
  /** `BroadcastChannel` name for cross-tab sync; default `vitrine:cart`; `null` disables sync (e.g. on a server). */
  channelName?: string | null;
  /** Clock, for tests. */
  now?: () => number;
}

/** The shopper's cart and favourites: persisted, validated, synced across tabs. */
export interface CartStore {
  /** The current state (replaced, never mutated, on each change). */
  readonly state: CartState;
  /** Total quantity of all lines. */
  readonly count: number;
  /** Calls `listener` after every change (local or from another tab); returns the unsubscribe function. */
  subscribe(listener: (state: CartState) => void): () => void;
  /**
   * Adds a line, or raises the quantity of the same line (same `lineKey`) up to 99.
   * Throws a `VitrineError` with code `invalid_input` for a bad line or quantity, or a full cart.
   */
  add(input: AddToCartInput): CartLine;
  /** Sets a line's quantity (an integer 1–99, else `invalid_input`); unknown keys are ignored. */
  setQuantity(lineKey: string, quantity: number): void;
  /** Removes a line; unknown keys are ignored. */
  remove(lineKey: string): void;
  /** Removes every line, or only `partnerId`'s (after its checkout). Favourites are kept. */
  clear(partnerId?: string): void;
  /** Adds or removes a favourite; returns whether it is now a favourite. */
  toggleFavourite(input: Omit<Favourite, 'addedAt'>): boolean;
  /** True when the recommendation is a favourite. */
  isFavourite(recommendationId: string): boolean;
  /** Lines grouped by partner shop, in order of first appearance. */
  groups(): CartGroup[];
  /** Closes the channel and removes listeners. */
  dispose(): void;
}

const MAX_QUANTITY = 99;
const empty = (): CartState => ({ version: 1, lines: [], favourites: [] });

/** The identity of a cart line: adding a line with the same key raises its quantity. */
export function lineKey(line: Pick<CartLine, 'partnerId' | 'productId' | 'sku' | 'recommendationId'>): string {
  return `${line.partnerId}|${line.productId}|${line.sku ?? ''}|${line.recommendationId}`;
}

function checkQuantity(quantity: unknown): number {
  if (!Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > MAX_QUANTITY) {
    throw new VitrineError('invalid_input', `quantity must be an integer from 1 to ${MAX_QUANTITY}`);
  }
  return quantity as number;
}

/** Adds `price × quantity` of each line into one total per currency. */
const subtotals = (lines: readonly CartLine[]): Money[] => sumMoney(lines, (line) => line.price, (line) => line.quantity);

/**
 * Creates the cart and favourites store. State is `CartState` JSON in storage
 * (validated on read: corrupt data starts an empty cart, never throws); when
 * storage is missing or fails, the cart lives in memory. Other tabs' changes
 * arrive through `BroadcastChannel` and the `storage` event (whichever comes
 * first; the other is then the same state and ignored), are validated, adopted
 * and announced to subscribers.
 */
export function createCartStore(options: CartStoreOptions = {}): CartStore {
  const { key = 'vitrine:cart', channelName = 'vitrine:cart', now = Date.now } = options;
  const slot = storageSlot(options.storage, key);
  const listeners = new Set<(state: CartState) => void>();
  const valid = (value: unknown): CartState | undefined => CartState.safeParse(value).data;
  let state = valid(slot.read()) ?? empty();

  const adopt = (next: CartState): void => {
    state = next;
    for (const listener of [...listeners]) listener(state);
  };

  const channel = channelName !== null && typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
  const onMessage = (event: MessageEvent): void => {
    const next = valid(event.data);
    if (next) adopt(next);
  };
  const onStorage = (event: StorageEvent): void => {
    if (event.key !== key || event.storageArea !== slot.storage) return;
    let value: unknown = null;
    try {
      value = event.newValue === null ? empty() : JSON.parse(event.newValue);
    } catch {
      // a corrupt write is ignored
    }
    const next = valid(value);
    // The same state may come twice (its broadcast, then its storage event): subscribers hear of it once.
    if (next && JSON.stringify(next) !== JSON.stringify(state)) adopt(next);
  };
  channel?.addEventListener('message', onMessage);
  // The storage event too, not only where BroadcastChannel is missing: a store made while another tab
  // adds (a cart button whose code loads late) may read this tab's copy of storage before the write
  // reaches it, and open its channel after the broadcast went out. The write's storage event still comes.
  const useStorageEvent = channelName !== null && typeof window !== 'undefined';
  if (useStorageEvent) window.addEventListener('storage', onStorage);

  const commit = (next: CartState): void => {
    slot.write(next);
    channel?.postMessage(next);
    adopt(next);
  };
  const setLines = (lines: CartLine[]): void => commit({ ...state, lines });

  return {
    get state() {
      return state;
    },
    get count() {
      return state.lines.reduce((sum, line) => sum + line.quantity, 0);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    add(input) {
      const quantity = checkQuantity(input.quantity ?? 1);
      const line = parse(CartLine, { ...input, quantity, addedAt: new Date(now()).toISOString() }, 'cart.add', 'invalid_input');
      const id = lineKey(line);
      const existing = state.lines.find((candidate) => lineKey(candidate) === id);
      if (!existing && state.lines.length >= 100) throw new VitrineError('invalid_input', 'the cart is full (100 lines)');
      const added = existing
        ? { ...line, quantity: Math.min(MAX_QUANTITY, existing.quantity + quantity), addedAt: existing.addedAt }
        : line;
      setLines(existing ? state.lines.map((candidate) => (candidate === existing ? added : candidate)) : [...state.lines, added]);
      return added;
    },
    setQuantity(id, quantity) {
      checkQuantity(quantity);
      if (state.lines.some((line) => lineKey(line) === id)) {
        setLines(state.lines.map((line) => (lineKey(line) === id ? { ...line, quantity } : line)));
      }
    },
    remove(id) {
      if (state.lines.some((line) => lineKey(line) === id)) setLines(state.lines.filter((line) => lineKey(line) !== id));
    },
    clear(partnerId) {
      setLines(partnerId === undefined ? [] : state.lines.filter((line) => line.partnerId !== partnerId));
    },
    toggleFavourite(input) {
      const favourites = state.favourites.filter((favourite) => favourite.recommendationId !== input.recommendationId);
      const adding = favourites.length === state.favourites.length;
      if (adding) {
        if (favourites.length >= 200) throw new VitrineError('invalid_input', 'too many favourites (200)');
        favourites.push(parse(Favourite, { ...input, addedAt: new Date(now()).toISOString() }, 'cart.toggleFavourite', 'invalid_input'));
      }
      commit({ ...state, favourites });
      return adding;
    },
    isFavourite(recommendationId) {
      return state.favourites.some((favourite) => favourite.recommendationId === recommendationId);
    },
    groups() {
      const byPartner = new Map<string, CartLine[]>();
      for (const line of state.lines) byPartner.set(line.partnerId, [...(byPartner.get(line.partnerId) ?? []), line]);
      return [...byPartner].map(([partnerId, lines]) => ({
        partnerId,
        lines,
        subtotals: subtotals(lines),
        count: lines.reduce((sum, line) => sum + line.quantity, 0),
      }));
    },
    dispose() {
      listeners.clear();
      channel?.removeEventListener('message', onMessage);
      channel?.close();
      if (useStorageEvent) window.removeEventListener('storage', onStorage);
    },
  };
}
