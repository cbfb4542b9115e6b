// The filters of a journal view, as removable chips and as the queries they become: the service does the filtering.
import type { EventsRequest, RatesRequest, StreamPageRequest } from '../../shared/requests.js';
import type { TimeRange } from './rates.js';
import { formatTimeCompact } from './format.js';

export interface Filters {
  /**
   * The Streams search box: a substring of the id, or a glob when it has * or ?. It narrows the stream list only (as a
   * topic search does in Kafka UI): it selects no events, so it is no chip of the Events area.
   */
  streams: string;
  /** The selected stream: narrows the events (and the chart and replay follow it). */
  stream: string | null;
  /** Event types to keep; empty for every type. */
  types: readonly string[];
  /** Time range dragged on the chart (from inclusive, to exclusive). */
  range: TimeRange | null;
  /** Text searched in the payloads. */
  text: string;
  /** A condition on a payload field, `data.amount > 100`. */
  where: string;
}

export const NO_FILTERS: Filters = { streams: '', stream: null, types: [], range: null, text: '', where: '' };

/** The filters that select events, each shown as a chip that removes it. */
export type ChipKind = 'stream' | 'type' | 'range' | 'text' | 'where';

export interface Chip {
  kind: ChipKind;
  /** Stable within one set of filters, for keyed lists. */
  key: string;
  /** What the filter is: "type", "time". */
  label: string;
  /** Its value as shown. */
  value: string;
  /** The remove button's accessible name. */
  remove: string;
}

export function isGlob(filter: string): boolean {
  return /[*?]/.test(filter);
}

/** One chip per filter that selects events: each narrows the table, the chart and the stream counts alike. */
export function filterChips(filters: Filters): Chip[] {
  const chips: Chip[] = [];
  if (filters.stream !== null) {
    chips.push({ kind: 'stream', key: 'stream', label: 'stream', value: filters.stream, remove: 'Show all streams' });
  }
  for (const type of filters.types) {
    chips.push({ kind: 'type', key: `type:${type}`, label: 'type', value: type, remove: `Remove filter: type ${type}` });
  }
  if (filters.range !== null) {
    const value = `${formatTimeCompact(filters.range.from)} → ${formatTimeCompact(filters.range.to)}`;
    chips.push({ kind: 'range', key: 'range', label: 'time', value, remove: 'Clear time range' });
  }
  const text = filters.text.trim();
  if (text !== '') chips.push({ kind: 'text', key: 'text', label: 'text', value: text, remove: `Remove filter: text ${text}` });
  const where = filters.where.trim();
  if (where !== '') chips.push({ kind: 'where', key: 'where', label: 'where', value: where, remove: `Remove filter: where ${where}` });
  return chips;
}

/** The filters without the one a chip stands for. */
export function withoutChip(filters: Filters, chip: Chip): Filters {
  switch (chip.kind) {
    case 'stream':
      return { ...filters, stream: null };
    case 'type':
      return { ...filters, types: filters.types.filter((type) => type !== chip.value) };
    case 'range':
      return { ...filters, range: null };
    case 'text':
      return { ...filters, text: '' };
    case 'where':
      return { ...filters, where: '' };
  }
}

/** The Events table's query: every filter but the stream search (which names streams, not events). */
export function eventsQuery(filters: Filters, offset: number, limit: number): EventsRequest {
  const request: EventsRequest = { offset, limit };
  if (filters.stream !== null) request.stream = filters.stream;
  if (filters.types.length > 0) request.types = [...filters.types];
  if (filters.range !== null) {
    request.from = filters.range.from;
    request.to = filters.range.to;
  }
  const text = filters.text.trim();
  if (text !== '') request.text = text;
  const where = filters.where.trim();
  if (where !== '') request.where = where;
  return request;
}

/**
 * The Event rate chart's query: the chart's scope (the selected stream, its category, or the whole journal), and the
 * same type, time range and payload filters as the Events table, so its bars count the events the table lists.
 */
export function ratesQuery(filters: Filters, scope: { stream: string } | { category: string } | null): RatesRequest {
  const events = eventsQuery({ ...filters, stream: null }, 0, 1);
  const request: RatesRequest = { ...scope, bucket: 'auto' };
  if (events.types) request.types = events.types;
  if (events.from !== undefined) request.from = events.from;
  if (events.to !== undefined) request.to = events.to;
  if (events.text !== undefined) request.text = events.text;
  if (events.where !== undefined) request.where = events.where;
  return request;
}

/** The filters that narrow the events within a stream (types, time range, payload text, condition), in words. */
export function narrowingWords(filters: Filters): string[] {
  return filterChips(filters)
    .filter((chip) => chip.kind !== 'stream')
    .map((chip) => `${chip.label} ${chip.value}`);
}

/** True when the Events table's query leaves some events out (any filter but the stream search is set). */
export function narrowsEvents(filters: Filters): boolean {
  return Object.keys(eventsQuery(filters, 0, 1)).some((key) => key !== 'offset' && key !== 'limit');
}

export type StreamPageSort = NonNullable<StreamPageRequest['sort']>;

/**
 * The Streams list's query: its search, and the time range, types and payload filters (each stream counted within
 * them). `glob` replaces the search, for one category's part of a grouped list.
 */
export function streamPageQuery(filters: Filters, sort: StreamPageSort, offset: number, limit: number, glob?: string): StreamPageRequest {
  const request: StreamPageRequest = { sort, offset, limit };
  const search = glob ?? filters.streams.trim();
  if (search !== '') request.filter = search;
  if (filters.range !== null) {
    request.from = filters.range.from;
    request.to = filters.range.to;
  }
  if (filters.types.length > 0) request.types = [...filters.types];
  const text = filters.text.trim();
  if (text !== '') request.text = text;
  const where = filters.where.trim();
  if (where !== '') request.where = where;
  return request;
}
