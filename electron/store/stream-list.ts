// Filtering and sorting the stream list: substring or glob on the id, by name, event count or last activity.
import type { StreamSummary } from '../../shared/model.js';

export type StreamSort = 'name' | 'count' | 'last';

/** "order-*" or "order-?1" is a glob over the whole id; anything else is a substring; both ignore case. */
export function streamMatcher(filter: string | undefined): ((stream: string) => boolean) | null {
  const needle = filter?.trim().toLowerCase();
  if (!needle) return null;
  if (!/[*?]/.test(needle)) return (stream) => stream.toLowerCase().includes(needle);
  const pattern = new RegExp(`^${needle.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (stream) => pattern.test(stream);
}

export function filterStreams(list: readonly StreamSummary[], filter: string | undefined): StreamSummary[] {
  const matches = streamMatcher(filter);
  return matches === null ? [...list] : list.filter((s) => matches(s.stream));
}

const byName = (a: StreamSummary, b: StreamSummary) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0);

/** Sorted in place: names ascending; counts and last activity descending, ties by name. */
export function sortStreams(list: StreamSummary[], sort: StreamSort): StreamSummary[] {
  if (sort === 'count') return list.sort((a, b) => b.events - a.events || byName(a, b));
  if (sort === 'last') return list.sort((a, b) => (b.lastTime ?? '').localeCompare(a.lastTime ?? '') || byName(a, b));
  return list.sort(byName);
}
