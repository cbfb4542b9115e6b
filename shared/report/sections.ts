// The sections of an audit report about one journal: what file it is, what was found, the hash chain, payload shapes.
import type { AuditFinding, AuditReport, AuditResult, ChainCheck, FindingCount, PayloadShape, TypeDrift } from '../audit.js';
import type { Severity } from '../model.js';
import { algorithmName, el, facts, formatBytes, formatNumber, orDash, plural, table, text, time } from './html.js';
import type { Html } from './html.js';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
/** The severity in words with a symbol: never colour alone, as the report may be printed in grey. */
const SEVERITY_WORDS: Record<Severity, { symbol: string; word: string; many: string }> = {
  error: { symbol: '✖', word: 'Error', many: 'errors' },
  warning: { symbol: '▲', word: 'Warning', many: 'warnings' },
  info: { symbol: 'ℹ', word: 'Note', many: 'notes' },
};

export function severity(value: Severity): Html {
  const marker = SEVERITY_WORDS[value] ?? { symbol: '?', word: String(value) };
  return el('span', { class: `severity ${value}` }, el('span', { 'aria-hidden': 'true' }, `${marker.symbol} `), marker.word);
}

export function section(id: string, heading: string, ...children: (Html | null | false)[]): Html {
  return el('section', { id, 'aria-labelledby': `${id}-heading` }, el('h2', { id: `${id}-heading` }, heading), ...children);
}

/** Every finding counted, listed or not: counts cover what the capped list leaves out. */
function severityTotals(counts: readonly FindingCount[]): Record<Severity, number> {
  const totals: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const count of counts) if (count.severity in totals) totals[count.severity] += count.count;
  return totals;
}

export function severitySentence(counts: readonly FindingCount[]): string {
  const totals = severityTotals(counts);
  const parts = SEVERITIES.filter((s) => totals[s] > 0).map((s) => plural(totals[s], SEVERITY_WORDS[s].word.toLowerCase(), SEVERITY_WORDS[s].many));
  return parts.length === 0 ? 'No findings.' : `${parts.join(', ')}.`;
}

export function chainSentence(chain: ChainCheck | null): string {
  if (chain === null) return 'This journal carries no hash chain.';
  if (chain.brokenAt === null) return `The hash chain holds for all ${plural(chain.events, 'event')} that carry a hash.`;
  return `The hash chain breaks at position ${formatNumber(chain.brokenAt.position)} (stream ${chain.brokenAt.stream}, version ${formatNumber(chain.brokenAt.version)}).`;
}

/** The few lines an auditor reads first. */
export function atAGlance(report: AuditReport): Html {
  const { audit, comparison } = report;
  const drifting = audit.drift.filter((type) => type.shapes.length + type.moreShapes > 1).length;
  const items: Html[] = [
    el('li', {}, el('strong', {}, 'Findings: '), severitySentence(audit.counts)),
    el('li', { class: audit.chain?.brokenAt ? 'bad' : null }, el('strong', {}, 'Hash chain: '), chainSentence(audit.chain)),
    el('li', {}, el('strong', {}, 'Payload shapes: '), drifting === 0 ? 'every event type keeps one shape.' : `${plural(drifting, 'event type')} changed shape over time.`),
  ];
  if (comparison) {
    const verdict = comparison.identical
      ? `holds the same events as ${comparison.b.name}.`
      : `differs from ${comparison.b.name}: ${formatNumber(comparison.added)} added, ${formatNumber(comparison.removed)} removed, ${formatNumber(comparison.modified)} modified, ${formatNumber(comparison.rewritten)} rewritten.`;
    items.push(el('li', { class: comparison.rewritten > 0 ? 'bad' : null }, el('strong', {}, 'Comparison: '), `${comparison.a.name} ${verdict}`));
  }
  return el('ul', { class: 'glance', 'aria-label': 'At a glance' }, ...items);
}

export function journalSection(audit: AuditResult): Html {
  const { journal, digest } = audit;
  return section(
    'journal',
    'Journal',
    facts('The journal audited', [
      ['File name', text(journal.name)],
      ['Path', el('code', {}, journal.path)],
      ['Format', text(journal.format)],
      [`Digest (${algorithmName(digest.algorithm)})`, el('code', { class: 'digest' }, digest.hex)],
      ['Size', text(formatBytes(digest.bytes))],
      ['Events', text(formatNumber(journal.events))],
      ['Streams', text(formatNumber(journal.streams))],
      ['First event', time(journal.firstTime)],
      ['Last event', time(journal.lastTime)],
      ['Audited at', time(audit.checkedAt)],
    ]),
    el('p', { class: 'note' }, 'The digest is of the file as it lay on disk: anyone holding a file with the same digest holds these exact bytes.'),
  );
}

export function findingsSection(audit: AuditResult): Html {
  const listed = audit.findings.length;
  const all = listed + audit.moreFindings;
  if (all === 0 && audit.counts.length === 0) return section('findings', 'Findings', el('p', {}, 'No findings: nothing in this journal needs a second look.'));
  const counts = [...audit.counts].sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || y.count - x.count || (x.kind < y.kind ? -1 : 1));
  return section(
    'findings',
    'Findings',
    el('p', {}, severitySentence(audit.counts)),
    table('Findings by kind', ['Kind', 'Severity', 'Count'], counts.map((count) => [el('code', {}, count.kind), severity(count.severity), text(formatNumber(count.count))]), { class: 'counts' }),
    listed === 0
      ? null
      : table(
          audit.moreFindings > 0 ? `Findings, the first ${formatNumber(listed)} of ${formatNumber(all)}` : 'Findings',
          ['Severity', 'Kind', 'Stream', 'Version', 'Position', 'Message'],
          audit.findings.map((finding: AuditFinding) => [
            severity(finding.severity),
            el('code', {}, finding.kind),
            orDash(finding.stream),
            orDash(finding.version),
            orDash(finding.position),
            text(finding.message),
          ]),
          { class: 'findings' },
        ),
    audit.moreFindings > 0 && el('p', { class: 'more' }, `${plural(audit.moreFindings, 'more finding')} not listed (counted above).`),
  );
}

export function chainSection(chain: ChainCheck | null): Html {
  if (chain === null) return section('chain', 'Hash chain', el('p', {}, 'This journal carries no hash chain (no event has a hash linking it to the one before).'));
  const rows: [string, Html][] = [
    ['Result', el('strong', { class: chain.brokenAt ? 'bad' : 'good' }, chain.brokenAt ? 'Broken' : 'Holds')],
    ['Events carrying a hash', text(formatNumber(chain.events))],
    ['Verified up to position', orDash(chain.verifiedUpTo)],
  ];
  if (chain.brokenAt) {
    rows.push(
      ['Breaks at position', text(formatNumber(chain.brokenAt.position))],
      ['Stream', text(chain.brokenAt.stream)],
      ['Version', text(formatNumber(chain.brokenAt.version))],
      ['Reason', text(chain.brokenAt.reason)],
    );
  }
  return section('chain', 'Hash chain', el('p', {}, chainSentence(chain)), facts('Hash chain check', rows));
}

function fieldList(fields: readonly string[], empty = ''): Html {
  if (fields.length === 0) return el('span', { class: 'muted' }, empty);
  return el('ul', { class: 'fields' }, ...fields.map((field) => el('li', {}, el('code', {}, field))));
}

function shapeRows(shapes: readonly PayloadShape[]): Html[][] {
  return shapes.map((shape, i) => [
    text(formatNumber(i + 1)),
    text(formatNumber(shape.firstPosition)),
    time(shape.firstTime),
    text(formatNumber(shape.events)),
    fieldList(shape.fields, 'no fields'),
    i === 0 ? el('span', { class: 'muted' }, 'first shape') : fieldList(shape.added, '—'),
    i === 0 ? el('span', { class: 'muted' }, '') : fieldList(shape.removed, '—'),
    i === 0 ? el('span', { class: 'muted' }, '') : fieldList(shape.retyped, '—'),
  ]);
}

export function driftSection(drift: readonly TypeDrift[]): Html {
  if (drift.length === 0) return section('drift', 'Schema drift', el('p', {}, 'No payload shapes were recorded.'));
  const changing = drift.filter((type) => type.shapes.length + type.moreShapes > 1);
  const steady = drift.filter((type) => type.shapes.length + type.moreShapes <= 1);
  return section(
    'drift',
    'Schema drift',
    el('p', {}, 'Each event type’s payload shapes in order of first appearance: its fields as JSON Pointer paths with their JSON types, and what changed from the shape before.'),
    changing.length === 0 && el('p', {}, 'Every event type keeps one payload shape throughout.'),
    ...changing.map((type) =>
      el(
        'div',
        { class: 'drift-type' },
        el('h3', {}, el('code', {}, type.type), el('span', { class: 'muted' }, ` — ${plural(type.shapes.length + type.moreShapes, 'shape')}`)),
        table(null, ['Shape', 'First position', 'First time', 'Events', 'Fields', 'Added', 'Removed', 'Retyped'], shapeRows(type.shapes), { class: 'drift', 'aria-label': `Payload shapes of ${type.type}` }),
        type.moreShapes > 0 && el('p', { class: 'more' }, `${plural(type.moreShapes, 'more shape')} not listed.`),
      ),
    ),
    steady.length > 0 &&
      table(
        'Event types with one shape',
        ['Type', 'Events', 'Fields'],
        steady.map((type) => [el('code', {}, type.type), text(formatNumber(type.shapes[0]?.events ?? 0)), fieldList(type.shapes[0]?.fields ?? [], 'no fields')]),
        { class: 'steady' },
      ),
  );
}
