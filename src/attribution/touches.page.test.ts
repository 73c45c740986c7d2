// @vitest-environment happy-dom
/**
 * The click log in a page: another tab's click arrives through the `storage`
 * event (which fires in every tab of the origin but the writer's).
 */
import { describe, expect, it } from 'vitest';
import { createClickLog } from './touches.js';

const meta = { partnerId: 'shop', recommendationId: 'rec-1' };
const id = (n: number) => `click${String(n).padStart(17, '0')}`;

/** What the browser fires in this tab when another tab writes `key` of localStorage. */
function otherTabWrites(key: string | null, storageArea: Storage = localStorage): void {
  window.dispatchEvent(new StorageEvent('storage', { key, storageArea }));
}

describe('createClickLog in a page', () => {
  it('tells its listeners when another tab records a click or clears the storage, and not for other keys', () => {
    localStorage.clear();
    const log = createClickLog();
    const seen: string[][] = [];
    const stop = log.subscribe(() => seen.push(log.list()));
    // The other tab's write is in localStorage already when the event fires here.
    localStorage.setItem('vitrine:clicks', JSON.stringify([{ clickId: id(7), ...meta, at: new Date().toISOString() }]));
    otherTabWrites('vitrine:clicks');
    otherTabWrites('vitrine:cart');
    localStorage.clear();
    otherTabWrites(null);
    expect(seen).toEqual([[id(7)], []]);
    stop();
    otherTabWrites('vitrine:clicks');
    expect(seen).toHaveLength(2);
  });

  it('a log kept in memory only does not follow other tabs', () => {
    const log = createClickLog({ storage: null });
    let calls = 0;
    const stop = log.subscribe(() => (calls += 1));
    otherTabWrites('vitrine:clicks');
    expect(calls).toBe(0);
    stop();
  });
});
