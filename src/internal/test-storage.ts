/**
 * An in-memory `Storage` for tests, with switches to simulate a sandboxed iframe
 * (`failReads`: every access throws `SecurityError`) or a full quota
 * (`failWrites`: `setItem` throws `QuotaExceededError`). Test-only.
 */
export class MemoryStorage implements Storage {
  failReads = false;
  failWrites = false;
  readonly #items = new Map<string, string>();

  get length(): number {
    return this.#check().#items.size;
  }
  clear(): void {
    this.#check().#items.clear();
  }
  getItem(key: string): string | null {
    return this.#check().#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#check().#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#check().#items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.#check().failWrites) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.#items.set(key, String(value));
  }
  #check(): this {
    if (this.failReads) throw new DOMException('denied', 'SecurityError');
    return this;
  }
  [name: string]: unknown;
}
