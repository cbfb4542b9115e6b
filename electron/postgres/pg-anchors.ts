// Pages far into a live store's events. OFFSET counts every row it skips (a page 99,800 events into one stream took
// 180 ms on 10M events), so every ANCHOR_EVERY-th sort key of a filter's events is noted once, in the background, by
// one pass over the index serving the order; a far page then starts from the nearest noted key and skips less than
// ANCHOR_EVERY rows. New events sort after those noted (positions and versions only grow), so notes stay true while
// the store grows; a full re-read that finds other events below the head (a late commit, a deletion) forgets them.
import type { PgSession } from './pg-session.js';
import { SqlParams } from './pg-filter.js';

/** Rows between two keys noted. */
export const ANCHOR_EVERY = 5_000;
/** Filters whose keys are kept at once (the Events table's current one and a few it went back and forth between). */
const KEEP_FILTERS = 8;

/** A noted key: the row it is at under its filter and order, and its sort key (bigints as text). */
export interface Anchor {
  row: number;
  keys: string[];
}

export class PageAnchors {
  private readonly noted = new Map<string, string[][]>();
  private readonly noting = new Map<string, Promise<void>>();
  /** Counts forget() calls: a pass started before the last one keeps nothing. */
  private epoch = 0;

  constructor(
    private readonly session: PgSession,
    private readonly relation: string,
  ) {}

  /** Events below the head changed: every key noted is stale. */
  forget(): void {
    this.noted.clear();
    this.epoch++;
  }

  /** The nearest noted key at or before `offset` for the filter `key` (null before ANCHOR_EVERY, or none noted yet). */
  nearest(key: string, offset: number): Anchor | null {
    const keys = this.noted.get(key);
    if (keys === undefined || offset < ANCHOR_EVERY) return null;
    const index = Math.min(Math.floor(offset / ANCHOR_EVERY), keys.length - 1);
    return index <= 0 ? null : { row: index * ANCHOR_EVERY, keys: keys[index]! };
  }

  /** Whether the filter's keys are noted or being noted. */
  has(key: string): boolean {
    return this.noted.has(key) || this.noting.has(key);
  }

  /**
   * Starts noting the keys (`order`: the columns the events are sorted by) of the events `where` selects, with its
   * parameters, unless that is done or under way. A pass that fails (the server gone, a cancel) notes nothing: pages
   * are then found by OFFSET alone, and a later page tries again.
   */
  note(key: string, where: string, values: readonly unknown[], order: readonly string[]): void {
    if (this.has(key)) return;
    const epoch = this.epoch;
    const params = new SqlParams(values);
    const keys = order.join(', ');
    const pass = this.session
      .rows<string[]>(
        `SELECT ${order.map((column) => `${column}::text`).join(', ')} FROM (
           SELECT ${keys}, row_number() OVER (ORDER BY ${keys}) - 1 AS row_index FROM (${this.relation}) ev ${where ? `WHERE ${where}` : ''}
         ) numbered WHERE row_index % ${params.add(ANCHOR_EVERY)} = 0 ORDER BY row_index`,
        params.values,
        { lane: 'long' },
      )
      .then((rows) => {
        if (this.epoch !== epoch) return;
        if (this.noted.size >= KEEP_FILTERS) this.noted.delete(this.noted.keys().next().value!);
        this.noted.set(key, rows);
      })
      .catch(() => {})
      .finally(() => this.noting.delete(key));
    this.noting.set(key, pass);
  }

  /** Settles once every pass under way has. */
  async settled(): Promise<void> {
    await Promise.all(this.noting.values());
  }
}
