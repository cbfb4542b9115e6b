// The Events area: every event matching the filters, as a virtual table whose rows come a page at a time.
import { JournalError } from '../../shared/contract.js';
import { ConditionError, parseCondition } from '../../shared/condition.js';
import type { JournalEvent } from '../../shared/model.js';
import type { EventsRequest } from '../../shared/requests.js';
import { EventColumns } from './event-columns.svelte.js';
import { eventsQuery, narrowingWords, narrowsEvents, NO_FILTERS } from './filters.js';
import type { Filters } from './filters.js';
import { formatCount } from './format.js';
import { Debounce } from './latest.js';
import { PageCache } from './page-cache.js';
import { isScanRefusal } from './scan-consent.svelte.js';
import type { EventFilter } from './subject.js';
import type { JournalSession } from './session.svelte.js';

/** Each row's height in px: rows are one line, so the virtual table can do arithmetic instead of measuring. */
export const EVENT_ROW_HEIGHT = 26;
export const EVENT_PAGE_SIZE = 100;

/** Two event queries alike in every filter (key order aside). */
function sameRequest(a: EventsRequest, b: EventsRequest): boolean {
  const canonical = (request: EventsRequest) => JSON.stringify(Object.entries(request).filter(([, value]) => value !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)));
  return canonical(a) === canonical(b);
}

export class EventTable {
  /** Bumped whenever rows arrive: the view reads rows through it (the cache itself is not reactive). */
  version = $state(0);
  /** Bumped on each new query: the view goes back to the top. */
  generation = $state(0);
  /** Events matching; null until the query's first answer. */
  total = $state<number | null>(null);
  /** The query has not answered yet (a payload search over a big journal may take seconds the first time). */
  searching = $state(false);
  /** The rows shown are the previous query's, kept (dimmed) until the new one answers. */
  stale = $state(false);
  /** Why the field condition in the box was not applied; shown under the box. */
  whereError = $state<string | null>(null);
  /** The part of the condition at fault (start, length in the text typed), to select it in the box. */
  whereErrorSpan = $state.raw<[number, number] | null>(null);
  /** Why the events could not be loaded; shown in the table. */
  failure = $state<string | null>(null);
  selected = $state.raw<JournalEvent | null>(null);
  /** The selected event's row, when known. */
  selectedIndex = $state<number | null>(null);
  /** A row the table should scroll to (a finding's event); `seq` makes the same row asked twice scroll again. */
  reveal = $state.raw<{ index: number; seq: number } | null>(null);
  /** Why the last "show this position" found no row, in words; cleared by the next query. */
  notice = $state<string | null>(null);
  /** The grid's active row, where its arrow keys move from (aria-activedescendant); null until the grid is used. */
  active = $state<number | null>(null);

  readonly cache: PageCache<JournalEvent>;
  readonly columns: EventColumns;
  /** The filters of the query the cache holds. */
  private query: Filters = NO_FILTERS;
  /** The filters of the last query answered: what a cancelled search goes back to. */
  answered: Filters = NO_FILTERS;
  private reported = false;
  /** A live refresh is under way: the rows shown are the last answer's, kept quietly until the new one comes. */
  private refreshing = false;
  /** The rows last on screen, asked again by a live refresh. */
  private wanted: [number, number] = [0, 39];
  /** Bumped by each follow of the replay: only the latest one scrolls. */
  private followed = 0;
  private readonly debounce = new Debounce(250, () => this.reset());

  constructor(private readonly session: JournalSession) {
    this.cache = new PageCache<JournalEvent>(
      async (offset, limit) => {
        const page = await this.session.api.events(eventsQuery(this.query, offset, limit));
        return { total: page.total, rows: page.events };
      },
      () => this.arrived(),
      { pageSize: EVENT_PAGE_SIZE, maxPages: 20 },
    );
    this.columns = new EventColumns(
      session.summary.types.map((t) => t.type),
      session.summary.events,
    );
  }

  /** The filters changed: start over (after a pause in typing when `typing`). */
  reset(typing = false): void {
    if (typing) {
      this.debounce.schedule();
      return;
    }
    this.debounce.cancel();
    this.query = this.session.filters;
    // The rows shown stay until the new query answers: a search of seconds dims the table, it does not empty it.
    const keep = this.total !== null && this.failure === null;
    this.cache.reset(undefined, keep);
    this.refreshing = false;
    this.reported = false;
    this.stale = keep;
    if (!keep) this.total = null;
    this.searching = true;
    this.failure = null;
    this.selected = null;
    this.selectedIndex = null;
    this.notice = null;
    this.reveal = null;
    this.active = null;
    this.generation += 1;
    this.version += 1;
    this.wanted = [0, 39];
    this.cache.want(0, 39);
  }

  /** Rows first..last are on screen. */
  want(first: number, last: number): void {
    this.wanted = [first, last];
    this.cache.want(first, last);
  }

  /**
   * A live store gained events: the same query asked again, in place. The rows shown, the selection, the active row and
   * the scroll stay; the rows are replaced as the answer comes (the total grows, the new rows are fetched when shown).
   */
  refresh(): void {
    // A query of the user's is coming (typed): it will hold the new events too.
    if (this.debounce.pending) return;
    const keep = this.total !== null && this.failure === null;
    this.cache.reset(undefined, keep);
    this.refreshing = keep;
    this.reported = false;
    this.failure = null;
    this.version += 1;
    this.cache.want(...this.wanted);
  }

  row(index: number): JournalEvent | undefined {
    return this.cache.get(index);
  }

  /** Applies a field condition typed in the box, unless it is not one (then says why, and keeps the old one). */
  applyWhere(text: string): boolean {
    const where = text.trim();
    if (where !== '') {
      try {
        parseCondition(where);
      } catch (error) {
        this.whereError = (error as Error).message;
        // Placed in the text as typed (the box keeps its leading spaces).
        const lead = text.length - text.trimStart().length;
        this.whereErrorSpan = error instanceof ConditionError ? [lead + error.at, error.length] : null;
        return false;
      }
    }
    this.whereError = null;
    this.whereErrorSpan = null;
    if (where !== this.session.where) this.session.update({ where });
    return true;
  }

  /** The type, text, condition and time range narrowing the table (not the stream), as a replay filter. */
  filter(): EventFilter {
    const query = eventsQuery(this.query, 0, 1);
    const filter: EventFilter = {};
    if (query.types) filter.types = query.types;
    if (query.text !== undefined) filter.text = query.text;
    if (query.where !== undefined) filter.where = query.where;
    if (query.from !== undefined) filter.from = query.from;
    if (query.to !== undefined) filter.to = query.to;
    return filter;
  }

  select(event: JournalEvent | null, index: number | null = null): void {
    this.selected = event;
    this.selectedIndex = event === null ? null : index;
    // Another row chosen, or none: the table no longer holds a finding's row in view.
    if (this.reveal !== null && index !== this.reveal.index) this.reveal = null;
  }

  /** Selects the event at row `index`, fetching it if needed; false past either end. */
  async selectAt(index: number): Promise<boolean> {
    if (index < 0 || (this.total !== null && index >= this.total)) return false;
    const generation = this.generation;
    const event = await this.cache.row(index);
    if (event === undefined || generation !== this.generation) return false;
    this.select(event, index);
    return true;
  }

  /**
   * Moves the active row to `index` and selects its event once it is here (the arrow keys: selection follows). The
   * event, or null when another move came first or the query changed meanwhile.
   */
  async moveTo(index: number): Promise<JournalEvent | null> {
    if (index < 0 || (this.total !== null && index >= this.total)) return null;
    this.active = index;
    const generation = this.generation;
    const event = await this.cache.row(index);
    if (event === undefined || generation !== this.generation || this.active !== index) return null;
    this.select(event, index);
    return event;
  }

  /** The table lists exactly the events `request` asks for, in the same order: row i holds its event i + 1. */
  listsExactly(request: EventsRequest): boolean {
    const { offset: _offset, limit: _limit, ...shown } = eventsQuery(this.query, 0, 1);
    return sameRequest(shown, request);
  }

  /**
   * The replay's current event (step `count` of the events `replayed` asks for): scrolled into view, not selected,
   * when the table lists exactly those events or the replayed stream under more filters (then the service finds it).
   */
  async follow(replayed: EventsRequest, count: number, position: number): Promise<void> {
    const exact = this.listsExactly(replayed);
    if (!exact && (replayed.stream === undefined || this.query.stream !== replayed.stream)) return;
    const seq = ++this.followed;
    const generation = this.generation;
    const index = exact ? count - 1 : await this.rowOfPosition(position).catch(() => null);
    if (index === null || seq !== this.followed || generation !== this.generation) return;
    this.reveal = { index, seq: (this.reveal?.seq ?? 0) + 1 };
  }

  /**
   * Selects the event at `position` and scrolls to it: in the rows the filters select, else (when they leave it out)
   * with the filters cleared. False, with a notice, when no row has it.
   */
  async showPosition(position: number): Promise<boolean> {
    let index = await this.rowOfPosition(position);
    let cleared: string[] = [];
    if (index === null && narrowsEvents(this.query)) {
      cleared = [...(this.query.stream !== null ? [`stream ${this.query.stream}`] : []), ...narrowingWords(this.query)];
      this.session.clearFilters();
      index = await this.rowOfPosition(position);
    }
    if (index === null) {
      this.notice = `No event has position ${formatCount(position)} in this journal.`;
      return false;
    }
    if (!(await this.selectAt(index))) return false;
    // The filters that hid it are gone: said, so the table's new length is no surprise.
    if (cleared.length > 0) this.notice = `To show the event at position ${formatCount(position)}, these filters were removed: ${cleared.join(', ')}.`;
    this.active = index;
    this.reveal = { index, seq: (this.reveal?.seq ?? 0) + 1 };
    return true;
  }

  /**
   * The exact text of the record the event at this position was read from (a JSON journal's line or item as written,
   * a document's record as read, a SQLite row's stored payloads); null when the journal has no such text for it.
   */
  async recordText(position: number): Promise<string | null> {
    const page = await this.session.api.events({ ...eventsQuery(this.query, 0, 1), at: position, records: true });
    return page.events[0]?.raw ?? null;
  }

  /** The service knows the row of a position under the filters (exactly, even where positions run out of order). */
  private async rowOfPosition(position: number): Promise<number | null> {
    const generation = this.generation;
    try {
      const page = await this.session.api.events({ ...eventsQuery(this.query, 0, 1), at: position });
      return generation === this.generation ? page.offset : null;
    } catch (error) {
      if (error instanceof JournalError && error.code === 'not-found') return null;
      throw error;
    }
  }

  dispose(): void {
    this.debounce.cancel();
  }

  private arrived(): void {
    this.version += 1;
    if (this.cache.total !== null) {
      this.total = this.cache.total;
      this.stale = false;
      this.refreshing = false;
      this.answered = this.query;
    }
    this.searching = this.cache.total === null && this.cache.error === null && !this.refreshing;
    const error = this.cache.error;
    if (error === null || this.reported) return;
    this.reported = true;
    this.searching = false;
    // A live refresh that failed (the server gone for a moment): the rows shown stay; the next change asks again.
    if (this.refreshing) return;
    // A search the user cancelled: the session puts the filters back as they were, and the rows shown stay.
    if (error instanceof JournalError && error.code === 'cancelled') return;
    // A filter the store asks about first (it would read a whole table): the rows shown stay until the person answers.
    if (isScanRefusal(error)) {
      this.session.consent.ask(error);
      return;
    }
    this.stale = false;
    this.total = null;
    if (error instanceof JournalError && error.code === 'bad-request' && this.query.where.trim() !== '') {
      this.whereError = error.message;
      this.failure = 'The field condition was not accepted.';
    } else {
      this.failure = error instanceof Error ? error.message : String(error);
      this.session.reportError('Could not load the events', error);
    }
  }
}
