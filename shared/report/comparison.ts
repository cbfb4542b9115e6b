// The comparison of two exports in the report: which files, what differs, and each listed difference with its changes.
import type { ComparedJournal, EventDifference, JournalComparison } from '../audit.js';
import type { Change } from '../model.js';
import { algorithmName, el, formatBytes, formatNumber, jsonValue, orDash, plural, table, text } from './html.js';
import type { Html } from './html.js';
import { section } from './sections.js';

/** Stream names listed per side; a vanished category of 10,000 streams is summarised, not printed whole. */
const MAX_STREAMS_SHOWN = 100;
/** Changes shown per modified event; a rewritten payload can differ in thousands of paths. */
const MAX_CHANGES_SHOWN = 20;

function journals(a: ComparedJournal, b: ComparedJournal): Html {
  const row = (label: string, cell: (journal: ComparedJournal) => Html) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, cell(a)), el('td', {}, cell(b)));
  return el(
    'table',
    { class: 'sides', 'aria-label': 'The two journals compared' },
    el('thead', {}, el('tr', {}, el('td', {}, ''), el('th', { scope: 'col' }, 'A (before)'), el('th', { scope: 'col' }, 'B (after)'))),
    el(
      'tbody',
      {},
      row('File name', (j) => text(j.name)),
      row('Path', (j) => el('code', {}, j.path)),
      row('Format', (j) => text(j.format)),
      row('Events', (j) => text(formatNumber(j.events))),
      row(`Digest (${algorithmName(a.digest.algorithm)})`, (j) => el('code', { class: 'digest' }, j.digest.hex)),
      row('Size', (j) => text(formatBytes(j.digest.bytes))),
    ),
  );
}

function streamList(label: string, streams: readonly string[]): Html | null {
  if (streams.length === 0) return null;
  const shown = streams.slice(0, MAX_STREAMS_SHOWN);
  return el(
    'div',
    { class: 'stream-list' },
    el('h3', {}, `${label} (${formatNumber(streams.length)})`),
    el('ul', { class: 'fields', 'aria-label': label }, ...shown.map((stream) => el('li', {}, el('code', {}, stream)))),
    streams.length > shown.length && el('p', { class: 'more' }, `${plural(streams.length - shown.length, 'more stream')} not listed.`),
  );
}

function change(item: Change): Html {
  const before = item.before !== undefined ? jsonValue(item.before) : null;
  const after = item.after !== undefined ? jsonValue(item.after) : null;
  return el(
    'li',
    {},
    el('code', { class: 'path' }, item.path === '' ? '(whole value)' : item.path),
    ` ${item.kind}: `,
    before,
    before && after && el('span', { 'aria-label': 'becomes' }, ' → '),
    after,
  );
}

function changes(difference: EventDifference): Html {
  if (difference.kind !== 'modified') return el('span', { class: 'muted' }, difference.kind === 'added' ? 'only in B' : 'only in A');
  const list = difference.changes ?? [];
  if (list.length === 0) return el('span', { class: 'muted' }, 'content differs');
  const shown = list.slice(0, MAX_CHANGES_SHOWN);
  return el(
    'ul',
    { class: 'changes' },
    ...shown.map(change),
    list.length > shown.length && el('li', { class: 'more' }, `${plural(list.length - shown.length, 'more change')}`),
  );
}

function typeCell(difference: EventDifference): Html {
  if (difference.typeA !== null && difference.typeB !== null && difference.typeA !== difference.typeB) {
    return el('span', {}, el('code', {}, difference.typeA), ' → ', el('code', {}, difference.typeB));
  }
  return el('code', {}, difference.typeA ?? difference.typeB ?? '');
}

const KIND_WORDS: Record<EventDifference['kind'], string> = { added: 'Added', removed: 'Removed', modified: 'Modified' };

export function comparisonSection(comparison: JournalComparison): Html {
  const listed = comparison.differences.length;
  const all = listed + comparison.moreDifferences;
  const counts: [string, number, string][] = [
    ['Added', comparison.added, 'events only in B'],
    ['Removed', comparison.removed, 'events only in A'],
    ['Modified', comparison.modified, 'in both, with different content'],
    ['Rewritten', comparison.rewritten, 'removed or modified events that B holds history after: B’s stream goes on past them, or they happened before B’s last event'],
    ['Streams added', comparison.streamsAdded.length, 'streams only in B'],
    ['Streams removed', comparison.streamsRemoved.length, 'streams only in A'],
  ];
  return section(
    'comparison',
    'Comparison',
    el('p', {}, 'Events are matched by stream and version, and compared by the SHA-256 digest of their content (stream, version, type, time, data, metadata): the same history exported from different stores, or with a different byte layout, compares equal. Positions are not content.'),
    journals(comparison.a, comparison.b),
    el(
      'p',
      { class: comparison.identical ? 'verdict good' : 'verdict bad' },
      comparison.identical ? 'Identical: both journals hold the same events.' : comparison.rewritten > 0 ? 'Different, and history was rewritten: B changed or dropped events it then built upon.' : 'Different.',
    ),
    table('What differs', ['', 'Count', 'Meaning'], counts.map(([label, count, meaning]) => [el('strong', {}, label), text(formatNumber(count)), text(meaning)]), { class: 'counts' }),
    streamList('Streams only in B', comparison.streamsAdded),
    streamList('Streams only in A', comparison.streamsRemoved),
    listed > 0 &&
      table(
        comparison.moreDifferences > 0 ? `Differences, the first ${formatNumber(listed)} of ${formatNumber(all)}` : 'Differences',
        ['Kind', 'Stream', 'Version', 'Position in A', 'Position in B', 'Type', 'Changes (A → B)'],
        comparison.differences.map((difference) => [
          el('span', { class: `diff ${difference.kind}` }, KIND_WORDS[difference.kind] ?? difference.kind),
          text(difference.stream),
          text(formatNumber(difference.version)),
          orDash(difference.positionA),
          orDash(difference.positionB),
          typeCell(difference),
          changes(difference),
        ]),
        { class: 'differences' },
      ),
    comparison.moreDifferences > 0 && el('p', { class: 'more' }, `${plural(comparison.moreDifferences, 'more difference')} not listed (counted above).`),
  );
}
