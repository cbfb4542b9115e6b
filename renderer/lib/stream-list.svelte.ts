// The Streams area: filter (asked of the service), sort, category groups and the listbox's active option.
import type { StreamSummary } from '../../shared/model.js';
import { Debounce, Latest } from './latest.js';
import type { JournalSession } from './session.svelte.js';
import { groupStreams, sortStreams } from './streams.js';
import type { StreamSort } from './streams.js';

/** More options than this make the list sluggish; the rest are counted, and the filter narrows them. */
export const MAX_OPTIONS = 2000;

export interface ShownGroup {
  /** null when the list is not grouped. */
  category: string | null;
  /** Streams in this group, all categories included, before the option cap. */
  total: number;
  streams: StreamSummary[];
}

export class StreamList {
  filter = $state('');
  sort = $state<StreamSort>('name');
  list = $state.raw<StreamSummary[]>([]);
  loading = $state(false);
  /** Categories the user folded away. */
  collapsed = $state.raw<ReadonlySet<string>>(new Set());

  readonly sorted = $derived(sortStreams(this.list, this.sort));
  readonly groups = $derived(groupStreams(this.sorted));

  /** What the listbox renders, at most MAX_OPTIONS options. */
  readonly shown = $derived.by(() => {
    const groups: ShownGroup[] = this.groups
      ? this.groups.map((g) => ({ category: g.category, total: g.streams.length, streams: this.collapsed.has(g.category) ? [] : g.streams }))
      : [{ category: null, total: this.sorted.length, streams: this.sorted }];
    let budget = MAX_OPTIONS;
    let more = 0;
    const capped = groups.map((group) => {
      const take = Math.min(budget, group.streams.length);
      budget -= take;
      more += group.streams.length - take;
      return take === group.streams.length ? group : { ...group, streams: group.streams.slice(0, take) };
    });
    return { groups: capped, more };
  });

  /** Stream ids in display order, for arrow keys. */
  readonly order = $derived(this.shown.groups.flatMap((group) => group.streams.map((s) => s.stream)));

  private readonly latest = new Latest();
  private readonly debounce = new Debounce(200, () => void this.load());

  constructor(private readonly session: JournalSession) {}

  async load(): Promise<void> {
    const ticket = this.latest.next();
    this.loading = true;
    try {
      const filter = this.filter.trim();
      const list = await this.session.api.streams(filter ? { filter } : {});
      if (this.latest.isCurrent(ticket)) this.list = list;
    } catch (error) {
      if (this.latest.isCurrent(ticket)) this.session.reportError('Could not list the streams', error);
    } finally {
      if (this.latest.isCurrent(ticket)) this.loading = false;
    }
  }

  setFilter(value: string): void {
    this.filter = value;
    this.debounce.schedule();
  }

  toggleCategory(category: string): void {
    const next = new Set(this.collapsed);
    if (next.has(category)) next.delete(category);
    else next.add(category);
    this.collapsed = next;
  }

  /** Moves the selection by `delta` options (or to an end with ±Infinity); selection follows the keyboard. */
  move(delta: number): void {
    const order = this.order;
    if (order.length === 0) return;
    const at = this.session.selected === null ? -1 : order.indexOf(this.session.selected);
    let next: number;
    if (delta === -Infinity) next = 0;
    else if (delta === Infinity) next = order.length - 1;
    else if (at < 0) next = delta > 0 ? 0 : order.length - 1;
    else next = Math.max(0, Math.min(order.length - 1, at + delta));
    this.session.select(order[next]!);
  }

  dispose(): void {
    this.debounce.cancel();
  }
}
