/**
 * Safe access to Web Storage for every module that persists state (internal:
 * not part of the public barrel). Storage may be absent (SSR), throw on access
 * (`SecurityError` in sandboxed iframes) or refuse writes (quota); callers keep
 * their state in memory and use storage only as a best-effort copy.
 */

/** `localStorage` when it exists and can be reached, else `null`. Never throws. */
export function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** A JSON slot in storage that degrades to "unavailable" instead of throwing. */
export interface StorageSlot {
  /** The parsed value; `null` if missing or corrupt; `undefined` if storage is unavailable. */
  read(): unknown;
  /** Writes `value` as JSON; on failure the slot becomes unavailable (memory only). */
  write(value: unknown): void;
  /** The storage in use, or `null` once it failed. */
  readonly storage: Storage | null;
}

/**
 * Opens `key` in `storage` (`undefined` = `localStorage`, `null` = memory only).
 * The first access error switches the slot to memory-only for its lifetime.
 */
export function storageSlot(storage: Storage | null | undefined, key: string): StorageSlot {
  let store = storage === undefined ? defaultStorage() : storage;
  return {
    get storage() {
      return store;
    },
    read() {
      if (!store) return undefined;
      let raw: string | null;
      try {
        raw = store.getItem(key);
      } catch {
        store = null;
        return undefined;
      }
      try {
        return raw === null ? null : (JSON.parse(raw) as unknown);
      } catch {
        return null;
      }
    },
    write(value) {
      try {
        store?.setItem(key, JSON.stringify(value));
      } catch {
        store = null;
      }
    },
  };
}
