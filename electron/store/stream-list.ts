// Filtering and sorting the stream list: substring or glob on the id, by name, event count or last activity.
import type { StreamSummary } from '../../shared/model.js';
import { streamMatcher } from '../../shared/stream-match.js';

export type StreamSort = 'name' | 'count' | 'last';

export function filterStreams(list: readonly StreamSummary[], filter: string | undefined): StreamSummary[] {
  const matches = streamMatcher(filter);
  return matches === null ? [...list] : list.filter((s) => matches(s.stream));
}

const DIGIT_RUN = /[0-9]+/y;

/**
 * A key whose plain (UTF-16 code unit) order is the natural order of stream ids: each run of ASCII digits becomes
 * "0", the count of digits in its length, its length, then its digits without leading zeros, so runs compare by
 * numeric value at any length (no parsing into a double: 2^53 + 1 stays itself) and against any other character as
 * their first digit would. Other characters stay themselves, except that what UTF-16 would order out of code point
 * order is moved: U+FFFF becomes U+FFFF U+0001 and a surrogate pair U+FFFF and the pair, after U+E000–U+FFFE.
 */
export function streamSortKey(stream: string): string {
  let key = '';
  let i = 0;
  while (i < stream.length) {
    const code = stream.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      DIGIT_RUN.lastIndex = i;
      const run = DIGIT_RUN.exec(stream)![0];
      i += run.length;
      const digits = run.replace(/^0+/, '');
      const length = String(digits.length);
      key += `0${String.fromCharCode(0x40 + length.length)}${length}${digits}`;
    } else if (code === 0xffff) {
      key += '\uffff\u0001';
      i++;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < stream.length && (stream.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      key += `\uffff${stream[i]}${stream[i + 1]}`;
      i += 2;
    } else {
      key += stream[i];
      i++;
    }
  }
  return key;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Natural order of stream ids (account-2 before account-10; other characters by code point, locale-free). Ids
 * equal in it (x-007 and x-7) fall back to their plain order, so the order is total: paging a listing by offset never
 * shows a stream twice or skips one.
 */
export function compareStreamNames(a: string, b: string): number {
  return byCodeUnit(streamSortKey(a), streamSortKey(b)) || byCodeUnit(a, b);
}

/** Sorted in place, ties by name; each name's key is made once, not once per comparison. */
function sortKeyed(list: StreamSummary[], first: (a: StreamSummary, b: StreamSummary) => number): StreamSummary[] {
  const keyed = list.map((summary) => ({ key: streamSortKey(summary.stream), summary }));
  keyed.sort((a, b) => first(a.summary, b.summary) || byCodeUnit(a.key, b.key) || byCodeUnit(a.summary.stream, b.summary.stream));
  for (let i = 0; i < keyed.length; i++) list[i] = keyed[i]!.summary;
  return list;
}

/** Sorted in place: names ascending in natural order; counts and last activity descending, ties by name. */
export function sortStreams(list: StreamSummary[], sort: StreamSort): StreamSummary[] {
  if (sort === 'count') return sortKeyed(list, (a, b) => b.events - a.events);
  if (sort === 'last') return sortKeyed(list, (a, b) => (b.lastTime ?? '').localeCompare(a.lastTime ?? ''));
  return sortKeyed(list, () => 0);
}
