import type * as z from 'zod/mini';
import { ValidationError } from '../errors.js';

/** A list validated item by item: the valid items, and one error per dropped item (with the raw item, same order). */
export interface CheckedList<T> {
  items: T[];
  dropped: ValidationError[];
  droppedItems: unknown[];
}

/**
 * Validates every item of a list payload on its own (internal): one malformed
 * item is dropped and reported, never the whole list. Each error's `source`
 * names the list and the item (its id, from `idOf`, when it has one), and its issue
 * paths start at the item's index under `path`.
 */
export function checkEach<S extends z.ZodMiniType>(
  schema: S,
  raw: readonly unknown[],
  source: string,
  path: PropertyKey[] = [],
  idOf: (item: unknown) => unknown = (item) => (item as { id?: unknown } | null)?.id,
): CheckedList<z.infer<S>> {
  const checked: CheckedList<z.infer<S>> = { items: [], dropped: [], droppedItems: [] };
  raw.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) return void checked.items.push(result.data as z.infer<S>);
    const id = idOf(item);
    const issues = result.error.issues.map((issue) => ({ ...issue, path: [...path, index, ...issue.path] }));
    checked.droppedItems.push(item);
    checked.dropped.push(new ValidationError(`${source} (item ${index}${typeof id === 'string' ? ` ${id.slice(0, 64)}` : ''}, dropped)`, issues));
  });
  return checked;
}
