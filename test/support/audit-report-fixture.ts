// An audit report whose journal content is hostile: every string a journal controls tries to become markup or script.
import type { AuditReport, JournalComparison } from '../../shared/audit.js';
import type { RateSeries } from '../../shared/model.js';

/** Payload text that would run, load or restyle something if it reached the report as markup. */
export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '</script><script>window.__pwned = true</script>',
  svg: '"><svg onload="window.__pwned=1">',
  iframe: "<iframe src='https://example.invalid/track'></iframe>",
  style: '<style>body{background:url(https://example.invalid/x.png)}</style>',
  bidi: 'account-1\u202Egnp.exe',
} as const;

export function hostileComparison(): JournalComparison {
  return {
    a: { path: '/evidence/before.ndjson', name: 'before.ndjson', format: 'ndjson', events: 1_234_567, digest: { algorithm: 'sha256', hex: 'a'.repeat(64), bytes: 98_765_432 } },
    b: { path: `/evidence/${HOSTILE.iframe}.ndjson`, name: `after${HOSTILE.img}.ndjson`, format: 'ndjson', events: 1_234_570, digest: { algorithm: 'sha256', hex: 'b'.repeat(64), bytes: 98_765_999 } },
    identical: false,
    added: 3,
    removed: 1,
    modified: 1,
    rewritten: 2,
    streamsAdded: [HOSTILE.svg],
    streamsRemoved: ['account-9'],
    differences: [
      {
        kind: 'modified',
        stream: HOSTILE.bidi,
        version: 2,
        positionA: 3,
        positionB: 3,
        typeA: 'money_deposited',
        typeB: HOSTILE.script,
        changes: [
          { path: '/data/amount', kind: 'changed', before: 100, after: 1000 },
          { path: `/data/${HOSTILE.img}`, kind: 'added', after: HOSTILE.script },
        ],
      },
      { kind: 'removed', stream: 'account-9', version: 1, positionA: 9, positionB: null, typeA: 'account_opened', typeB: null },
    ],
    moreDifferences: 3,
  };
}

/** Six hours of events, hours 1, 3 and 4 empty: three bars, stacked by two types (one of them hostile). */
export function hostileRates(): RateSeries {
  return {
    bucket: '1h',
    start: '2026-01-05T09:00:00.000Z',
    totals: [3, 0, 2, 0, 0, 1_500],
    types: [
      { type: 'money_deposited', count: 1_502, counts: [1, 0, 1, 0, 0, 1_500] },
      { type: HOSTILE.script, count: 4, counts: [2, 0, 1, 0, 0, 0] },
    ].sort((x, y) => y.count - x.count),
  };
}

export function hostileReport(withComparison = true): AuditReport {
  return {
    generator: 'Eventlens 0.1.0',
    rates: hostileRates(),
    comparison: withComparison ? hostileComparison() : null,
    audit: {
      journal: {
        path: `/evidence/${HOSTILE.script}/journal.ndjson`,
        name: `ledger${HOSTILE.img}.ndjson`,
        format: 'ndjson',
        events: 1_234_567,
        streams: 10_000,
        firstTime: '2026-01-05T09:00:00.000Z',
        lastTime: '2026-01-05T14:59:59.000Z',
      },
      digest: { algorithm: 'sha256', hex: '3f'.repeat(32), bytes: 98_765_432 },
      findings: [
        { severity: 'error', kind: 'version-gap', stream: HOSTILE.bidi, version: 3, position: 12, message: `Version 2 of ${HOSTILE.bidi} is missing: ${HOSTILE.script}` },
        { severity: 'warning', kind: HOSTILE.svg, stream: HOSTILE.svg, version: 1, position: 1, message: HOSTILE.iframe },
        { severity: 'info', kind: 'time-backwards', stream: null, version: null, position: null, message: HOSTILE.style },
      ],
      moreFindings: 2,
      counts: [
        { kind: 'version-gap', severity: 'error', count: 3 },
        { kind: HOSTILE.svg, severity: 'warning', count: 1 },
        { kind: 'time-backwards', severity: 'info', count: 1 },
      ],
      chain: { events: 1_234_567, verifiedUpTo: 41, brokenAt: { position: 42, stream: HOSTILE.img, version: 7, reason: `predecessorhash does not match: ${HOSTILE.script}` } },
      drift: [
        {
          type: HOSTILE.iframe,
          shapes: [
            { fields: ['/amount:string', `/${HOSTILE.img}:string`], firstPosition: 1, firstTime: '2026-01-05T09:00:00.000Z', events: 10, added: [], removed: [], retyped: [] },
            { fields: ['/amount:number', '/currency:string'], firstPosition: 11, firstTime: '2026-01-05T10:00:00.000Z', events: 5, added: ['/currency:string'], removed: [`/${HOSTILE.img}:string`], retyped: ['/amount: string → number'] },
          ],
          moreShapes: 1,
        },
        { type: 'account_opened', shapes: [{ fields: ['/owner:string'], firstPosition: 2, firstTime: null, events: 4, added: [], removed: [], retyped: [] }], moreShapes: 0 },
      ],
      checkedAt: '2026-03-01T12:00:00.000Z',
    },
  };
}
