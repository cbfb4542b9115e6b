// The Events area: one page of events for the current stream, range, type and payload text.
import type { EventPage, JournalEvent } from '../../shared/model.js';
import type { EventsRequest } from '../../shared/requests.js';
import { Debounce, Latest } from './latest.js';
import type { EventFilter } from './subject.js';
import type { JournalSession } from './session.svelte.js';

export const PAGE_SIZE = 200;

export class EventTable {
  /** '' for every type. */
  type = $state('');
  text = $state('');
  offset = $state(0);
  page = $state.raw<EventPage | null>(null);
  loading = $state(false);
  selected = $state.raw<JournalEvent | null>(null);

  readonly total = $derived(this.page?.total ?? 0);
  readonly first = $derived(this.page && this.page.events.length > 0 ? this.page.offset + 1 : 0);
  readonly last = $derived(this.page ? this.page.offset + this.page.events.length : 0);
  readonly hasPrevious = $derived(this.offset > 0);
  readonly hasNext = $derived(this.page !== null && this.offset + PAGE_SIZE < this.page.total);

  private readonly latest = new Latest();
  private readonly debounce = new Debounce(250, () => this.firstPage());

  constructor(private readonly session: JournalSession) {}

  query(): EventsRequest {
    const request: EventsRequest = { offset: this.offset, limit: PAGE_SIZE };
    const { selected, range } = this.session;
    if (selected !== null) request.stream = selected;
    if (this.type !== '') request.types = [this.type];
    if (range !== null) {
      request.from = range.from;
      request.to = range.to;
    }
    const text = this.text.trim();
    if (text !== '') request.text = text;
    return request;
  }

  /** The type, text and time range narrowing the table (not the stream), as a replay filter. */
  filter(): EventFilter {
    const filter: EventFilter = {};
    if (this.type !== '') filter.types = [this.type];
    const text = this.text.trim();
    if (text !== '') filter.text = text;
    const { range } = this.session;
    if (range !== null) {
      filter.from = range.from;
      filter.to = range.to;
    }
    return filter;
  }

  async load(): Promise<void> {
    const ticket = this.latest.next();
    this.loading = true;
    try {
      const page = await this.session.api.events(this.query());
      if (!this.latest.isCurrent(ticket)) return;
      this.page = page;
      // Keep the details open while the selected event is still on the page.
      if (this.selected && !page.events.some((e) => e.position === this.selected!.position)) this.selected = null;
    } catch (error) {
      if (this.latest.isCurrent(ticket)) this.session.reportError('Could not load the events', error);
    } finally {
      if (this.latest.isCurrent(ticket)) this.loading = false;
    }
  }

  firstPage(): void {
    this.debounce.cancel();
    this.offset = 0;
    void this.load();
  }

  next(): void {
    if (!this.hasNext) return;
    this.offset += PAGE_SIZE;
    void this.load();
  }

  previous(): void {
    if (!this.hasPrevious) return;
    this.offset = Math.max(0, this.offset - PAGE_SIZE);
    void this.load();
  }

  setType(type: string): void {
    this.type = type;
    this.firstPage();
  }

  setText(text: string): void {
    this.text = text;
    this.debounce.schedule();
  }

  select(event: JournalEvent | null): void {
    this.selected = event;
  }

  dispose(): void {
    this.debounce.cancel();
  }
}
