export interface VitrineRangeChangeDetail {
  /** The range picked: `today`, `7d`, `30d`, `custom` or `all`. */
  range: 'today' | '7d' | '30d' | 'custom' | 'all';
  /** First day of a custom range (`YYYY-MM-DD`), else the last one set (or `''`). */
  from: string;
  /** Last day (included) of a custom range (`YYYY-MM-DD`), else the last one set (or `''`). */
  to: string;
}

/**
 * Fired by `<vitrine-stats>` when the reader picks another range (after the
 * element's `range`, `from` and `to` changed; the new numbers are loading).
 * Keep it, e.g. in the page's URL, to open the dashboard on the same range next time.
 */
export class VitrineRangeChangeEvent extends CustomEvent<VitrineRangeChangeDetail> {
  constructor(detail: VitrineRangeChangeDetail) {
    super('vitrine-range-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrine-range-change': VitrineRangeChangeEvent;
  }
}
