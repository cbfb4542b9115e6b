// A live store's stream list, kept in the natural order of names a file's list has, with each name's place in it.
// A re-read of a large store finds the streams it knew: they keep their places, and only new names are sorted in.
// Sorting 100,000 names again makes a sort key per name each time; on a 10M-event store that was much of what a
// re-read allocated (npm run bench -- --only postgres measures the peak).
import type { StreamSummary } from '../../shared/model.js';
import { compareStreamNames, sortStreams } from '../store/stream-list.js';
import type { StreamSort } from '../store/stream-list.js';

/** New names above this many are sorted with the rest at once rather than placed one by one. */
const PLACE_ONE_BY_ONE = 1000;

export class LiveStreamList {
  private list: StreamSummary[] = [];
  private places = new Map<string, number>();
  /** The list by event count or last time, made when first asked for and kept until the list changes. */
  private orders = new Map<StreamSort, readonly StreamSummary[]>();

  /** In natural order of names. Callers read it; changes go through replace and absorb. */
  get streams(): readonly StreamSummary[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  has(stream: string): boolean {
    return this.places.has(stream);
  }

  get(stream: string): StreamSummary | undefined {
    const at = this.places.get(stream);
    return at === undefined ? undefined : this.list[at];
  }

  /** The list in the order asked for (ties by name), shared: callers copy before changing it. */
  sorted(sort: StreamSort): readonly StreamSummary[] {
    if (sort === 'name') return this.list;
    let ordered = this.orders.get(sort);
    if (ordered === undefined) {
      ordered = sortStreams([...this.list], sort);
      this.orders.set(sort, ordered);
    }
    return ordered;
  }

  /** Every stream as a full read found it (in any order): streams gone from it leave the list. */
  replace(read: readonly StreamSummary[]): void {
    const next = new Array<StreamSummary | undefined>(this.list.length);
    const added: StreamSummary[] = [];
    let placed = 0;
    for (const summary of read) {
      const at = this.places.get(summary.stream);
      if (at === undefined || next[at] !== undefined) {
        added.push(summary);
      } else {
        next[at] = summary;
        placed++;
      }
    }
    this.orders.clear();
    if (added.length === 0 && placed === next.length) {
      this.list = next as StreamSummary[];
      return;
    }
    const kept = placed === next.length ? (next as StreamSummary[]) : next.filter((summary) => summary !== undefined);
    this.setList(this.withAdded(kept, added));
  }

  /** Counts of new events (in any order): known streams are updated in place, new ones sorted in. */
  absorb(read: readonly StreamSummary[]): void {
    const added: StreamSummary[] = [];
    for (const summary of read) {
      const at = this.places.get(summary.stream);
      if (at === undefined) {
        added.push(summary);
        continue;
      }
      const old = this.list[at]!;
      this.list[at] = {
        stream: old.stream,
        events: old.events + summary.events,
        firstVersion: Math.min(old.firstVersion, summary.firstVersion),
        lastVersion: Math.max(old.lastVersion, summary.lastVersion),
        firstTime: earliest(old.firstTime, summary.firstTime),
        lastTime: latest(old.lastTime, summary.lastTime),
      };
    }
    this.orders.clear();
    if (added.length > 0) this.setList(this.withAdded(this.list, added));
  }

  /** `list` (in order) with `added` sorted in: a few names are each placed by binary search, many sorted with all. */
  private withAdded(list: StreamSummary[], added: StreamSummary[]): StreamSummary[] {
    if (added.length > PLACE_ONE_BY_ONE || list.length === 0) return sortStreams(list.concat(added), 'name');
    sortStreams(added, 'name');
    const merged: StreamSummary[] = [];
    let from = 0;
    for (const summary of added) {
      let low = from;
      let high = list.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compareStreamNames(list[middle]!.stream, summary.stream) < 0) low = middle + 1;
        else high = middle;
      }
      for (let i = from; i < low; i++) merged.push(list[i]!);
      merged.push(summary);
      from = low;
    }
    for (let i = from; i < list.length; i++) merged.push(list[i]!);
    return merged;
  }

  private setList(list: StreamSummary[]): void {
    this.list = list;
    this.places = new Map();
    for (let at = 0; at < list.length; at++) this.places.set(list[at]!.stream, at);
  }
}

export const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);
export const latest = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);
