// The Findings panel's plain logic: where a finding leads, the hash chain and a comparison in words, payload shape
// changes, the row of a position in the Events table, and the report saved through a download.
import { describe, expect, it, vi } from 'vitest';
import type { ChainCheck, EventDifference, JournalComparison, PayloadShape, TypeDrift } from '../../shared/audit.js';
import {
  chainText,
  comparisonHeadline,
  differencePositions,
  differenceTarget,
  differenceType,
  driftingTypes,
  placeTarget,
  placeText,
  rewrittenWarning,
  shapeChanges,
  totalFindings,
} from '../../renderer/lib/audit-view.js';
import { findingKindLabel, severityCounts } from '../../renderer/lib/findings.js';
import { narrowsEvents, NO_FILTERS } from '../../renderer/lib/filters.js';
import { safeFileName, saveFile } from '../../renderer/lib/save-file.js';
import type { SaveEnvironment } from '../../renderer/lib/save-file.js';

describe('where a finding leads', () => {
  it('goes to the stream at that version when both are known, else to the event at its position, else nowhere', () => {
    expect(placeTarget({ stream: 'account-1', version: 4, position: 3 })).toEqual({ kind: 'version', stream: 'account-1', version: 4, position: 3 });
    expect(placeTarget({ stream: 'account-1', version: 4, position: null })).toEqual({ kind: 'version', stream: 'account-1', version: 4, position: null });
    expect(placeTarget({ stream: null, version: null, position: 1_204 })).toEqual({ kind: 'event', position: 1_204 });
    // A stream without a version cannot be placed on the replay: its position still can be shown.
    expect(placeTarget({ stream: 'account-1', version: null, position: 7 })).toEqual({ kind: 'event', position: 7 });
    expect(placeTarget({ stream: null, version: null, position: null })).toBeNull();
  });

  it('says the place with the parts known, numbers with separators', () => {
    expect(placeText({ stream: 'account-1', version: 4, position: 12_345 })).toBe('account-1 · version 4 · position 12,345');
    expect(placeText({ stream: null, version: null, position: 9 })).toBe('position 9');
    expect(placeText({ stream: null, version: null, position: null })).toBe('');
  });

  it('counts every finding, listed or not, and names the audit kinds in words', () => {
    const counts = [
      { kind: 'version-gap', severity: 'error' as const, count: 3 },
      { kind: 'time-backwards', severity: 'warning' as const, count: 1_000 },
      { kind: 'position-gap', severity: 'info' as const, count: 1 },
    ];
    expect(totalFindings(counts)).toBe(1_004);
    expect(totalFindings([])).toBe(0);
    expect(severityCounts(counts)).toBe('3 errors, 1,000 warnings, 1 note');
    expect(findingKindLabel('version-gap')).toBe('Version gap');
    expect(findingKindLabel('duplicate-version')).toBe('Duplicate version');
    expect(findingKindLabel('hash-chain')).toBe('Hash chain broken');
  });
});

describe('the hash chain in one line', () => {
  const chain = (partial: Partial<ChainCheck>): ChainCheck => ({ events: 40, verifiedUpTo: null, brokenAt: null, ...partial });

  it('says up to where it holds', () => {
    expect(chainText(chain({ verifiedUpTo: 1_040 }))).toEqual({ holds: true, text: 'Hash chain verified up to position 1,040 (40 events with a hash)' });
  });

  it('says where it breaks and why, and how far it held before', () => {
    const broken = chainText(chain({ verifiedUpTo: 11, brokenAt: { position: 12, stream: 'order-1', version: 3, reason: 'the predecessor hash does not match' } }));
    expect(broken.holds).toBe(false);
    expect(broken.text).toBe('Hash chain breaks at position 12: the predecessor hash does not match (verified up to position 11)');
    expect(chainText(chain({ brokenAt: { position: 1, stream: 'a', version: 1, reason: 'bad hash' } })).text).toBe('Hash chain breaks at position 1: bad hash');
  });

  it('does not claim a chain holds when no event carries a hash', () => {
    expect(chainText(chain({ events: 0 })).text).toBe('No event carries a hash to check.');
  });
});

describe('payload shapes over time', () => {
  const shape = (partial: Partial<PayloadShape>): PayloadShape => ({ fields: [], firstPosition: 1, firstTime: null, events: 1, added: [], removed: [], retyped: [], ...partial });
  const type = (name: string, shapes: PayloadShape[], moreShapes = 0): TypeDrift => ({ type: name, shapes, moreShapes });

  it('lists only the types whose shape changed and counts the rest', () => {
    const drift = [type('a', [shape({})]), type('b', [shape({}), shape({ added: ['/x:number'] })]), type('c', [shape({})], 4)];
    const { drifting, steady } = driftingTypes(drift);
    expect(drifting.map((t) => t.type)).toEqual(['b', 'c']);
    expect(steady).toBe(1);
  });

  it('marks each field change with a text marker as well as its kind', () => {
    expect(shapeChanges(shape({ added: ['/note:string'], removed: ['/memo:string'], retyped: ['/amount: number → string'] }))).toEqual([
      { marker: '+', kind: 'added', text: '/note:string' },
      { marker: '−', kind: 'removed', text: '/memo:string' },
      { marker: '~', kind: 'changed', text: '/amount: number → string' },
    ]);
  });
});

describe('a comparison of two exports in words', () => {
  const side = (name: string, events: number) => ({ path: `/x/${name}`, name, format: 'ndjson', events, digest: { algorithm: 'sha256' as const, hex: 'ab'.repeat(32), bytes: 10 } });
  const comparison = (partial: Partial<JournalComparison>): JournalComparison => ({
    a: side('a.ndjson', 9),
    b: side('b.ndjson', 10),
    identical: false,
    added: 1,
    removed: 0,
    modified: 1,
    rewritten: 0,
    streamsAdded: [],
    streamsRemoved: [],
    differences: [],
    moreDifferences: 0,
    ...partial,
  });

  it('warns only when history was rewritten, with how many events', () => {
    expect(rewrittenWarning(comparison({ rewritten: 0 }))).toBeNull();
    expect(rewrittenWarning(comparison({ rewritten: 1 }))).toMatch(/^History was rewritten: 1 event of A was modified or removed in B/);
    expect(rewrittenWarning(comparison({ rewritten: 2_500 }))).toMatch(/^History was rewritten: 2,500 events of A were modified or removed in B/);
  });

  it('sums the differences up, or says the two hold the same events', () => {
    expect(comparisonHeadline(comparison({}))).toBe('1 added, 0 removed, 1 modified in B');
    expect(comparisonHeadline(comparison({ identical: true, added: 0, modified: 0 }))).toBe('Same events: both exports hold the same 9 events.');
  });

  it('leads from a difference to its event in A; an event only in B leads nowhere', () => {
    const difference = (partial: Partial<EventDifference>): EventDifference => ({
      kind: 'modified',
      stream: 'account-1',
      version: 2,
      positionA: 2,
      positionB: 2,
      typeA: 'money_deposited',
      typeB: 'money_deposited',
      ...partial,
    });
    expect(differenceTarget(difference({}))).toEqual({ kind: 'version', stream: 'account-1', version: 2, position: 2 });
    expect(differenceTarget(difference({ kind: 'removed', positionB: null }))).toEqual({ kind: 'version', stream: 'account-1', version: 2, position: 2 });
    expect(differenceTarget(difference({ kind: 'added', positionA: null }))).toBeNull();
    expect(differencePositions(difference({ positionB: 14 }))).toBe('position 2 in A, 14 in B');
    expect(differencePositions(difference({ kind: 'added', positionA: null, positionB: 10 }))).toBe('position 10 in B');
    expect(differenceType(difference({ typeB: 'money_withdrawn' }))).toBe('money_deposited → money_withdrawn');
    expect(differenceType(difference({ kind: 'added', typeA: null }))).toBe('money_deposited');
  });
});

describe('the Events table', () => {
  it('knows when the Events table leaves events out', () => {
    expect(narrowsEvents(NO_FILTERS)).toBe(false);
    // The stream search names streams, not events.
    expect(narrowsEvents({ ...NO_FILTERS, streams: 'account' })).toBe(false);
    expect(narrowsEvents({ ...NO_FILTERS, stream: 'account-1' })).toBe(true);
    expect(narrowsEvents({ ...NO_FILTERS, types: ['money_deposited'] })).toBe(true);
    expect(narrowsEvents({ ...NO_FILTERS, where: 'data.amount > 1' })).toBe(true);
  });
});

describe('saving the report', () => {
  function fakeEnvironment() {
    const link = { href: '', download: '', rel: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    const appended: unknown[] = [];
    const later: { run: () => void; ms: number }[] = [];
    const blobs: Blob[] = [];
    const environment: SaveEnvironment = {
      document: { createElement: () => link, body: { append: (node: unknown) => appended.push(node) } } as unknown as SaveEnvironment['document'],
      url: {
        createObjectURL: (blob: Blob) => {
          blobs.push(blob);
          return 'blob:report-1';
        },
        revokeObjectURL: vi.fn(),
      } as unknown as SaveEnvironment['url'],
      later: (run, ms) => later.push({ run, ms }),
    };
    return { environment, link, appended, later, blobs };
  }

  it('clicks a download link for a Blob of the report, then lets the Blob go once the download has it', async () => {
    const { environment, link, appended, later, blobs } = fakeEnvironment();
    const name = saveFile({ name: 'ledger-audit.html', mediaType: 'text/html', content: '<!doctype html><h1>Audit</h1>' }, environment);
    expect(name).toBe('ledger-audit.html');
    expect(link.download).toBe('ledger-audit.html');
    expect(link.href).toBe('blob:report-1');
    expect(appended).toEqual([link]);
    expect(link.click).toHaveBeenCalledOnce();
    expect(link.remove).toHaveBeenCalledOnce();
    expect(blobs[0]!.type).toBe('text/html;charset=utf-8');
    expect(await blobs[0]!.text()).toBe('<!doctype html><h1>Audit</h1>');
    // Not revoked at once: the download reads the Blob after the click returns.
    expect(environment.url.revokeObjectURL).not.toHaveBeenCalled();
    expect(later).toHaveLength(1);
    later[0]!.run();
    expect(environment.url.revokeObjectURL).toHaveBeenCalledWith('blob:report-1');
  });

  it('never lets a name from the service point into a folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\x\\report.json')).toBe('report.json');
    expect(safeFileName('..')).toBe('eventlens-report');
    expect(safeFileName('a<b>:c?.html')).toBe('a_b__c_.html');
    expect(safeFileName('')).toBe('eventlens-report');
  });
});
