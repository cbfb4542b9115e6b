// Matching one stream's events of export A with those of export B by version.
import type { JournalEvent } from '../../shared/model.js';

/**
 * Walks two version-ordered lists of one stream together and yields each version's pair: [a, b] when both exports
 * hold it, [a, undefined] when only A does, [undefined, b] when only B does. A version held more than once (a
 * duplicate-version finding) pairs its k-th occurrence in A with its k-th in B, so a duplicate one export has and
 * the other has not shows as added or removed rather than hiding behind its twin.
 */
export function* pairByVersion(
  a: readonly JournalEvent[],
  b: readonly JournalEvent[],
): Generator<[JournalEvent, JournalEvent] | [JournalEvent, undefined] | [undefined, JournalEvent]> {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.version < y.version)) {
      yield [x!, undefined];
      i++;
    } else if (x === undefined || y.version < x.version) {
      yield [undefined, y];
      j++;
    } else {
      yield [x, y];
      i++;
      j++;
    }
  }
}
