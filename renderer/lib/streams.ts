// The stream list's sorts and categories: plain functions, so they are easy to test (the service sorts).
import type { StreamSummary } from '../../shared/model.js';

export type StreamSort = 'name' | 'count' | 'activity';

export const STREAM_SORTS: { value: StreamSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'count', label: 'Event count' },
  { value: 'activity', label: 'Last activity' },
];

/** The category of a stream: the part of its id before the first "-" ("user-0001" → "user"). */
export function streamCategory(stream: string): string {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : stream;
}

export interface StreamGroup {
  category: string;
  streams: StreamSummary[];
}

/** Grouping helps when there are a few categories holding several streams each, not one per stream. */
export const MAX_GROUPS = 24;

export function groupStreams(sorted: readonly StreamSummary[]): StreamGroup[] | null {
  const groups = new Map<string, StreamSummary[]>();
  for (const stream of sorted) {
    const category = streamCategory(stream.stream);
    const list = groups.get(category);
    if (list) list.push(stream);
    else groups.set(category, [stream]);
  }
  if (groups.size < 2 || groups.size > MAX_GROUPS || groups.size * 2 > sorted.length) return null;
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, streams]) => ({ category, streams }));
}
