// Schema drift: payload shapes per event type over time, and the findings a new shape gives.
import { afterAll, describe, expect, it } from 'vitest';
import { auditJournal } from '../../electron/audit/audit-journal.js';
import { ARRAY_ITEMS, payloadShape, SHAPE_DEPTH, SHAPE_FIELDS } from '../../electron/audit/payload-shape.js';
import { AuditJournals, countOf, minute, placed, record } from '../support/audit-journals.js';

const files = new AuditJournals();
afterAll(() => files.close());

describe('a payload shape', () => {
  it('lists JSON Pointer paths with JSON types, sorted; array items summarized under *', () => {
    expect(
      payloadShape({ amount: 5, owner: { name: 'ada', 'a/b~c': true }, tags: ['x', 2], lines: [{ sku: 'A' }, { sku: 'B', qty: 1 }], note: null, empty: [] }),
    ).toEqual([
      '/amount:number',
      '/empty:array',
      '/lines:array',
      '/lines/*:object',
      '/lines/*/qty:number',
      '/lines/*/sku:string',
      '/note:null',
      '/owner:object',
      '/owner/a~1b~0c:boolean',
      '/owner/name:string',
      '/tags:array',
      '/tags/*:number|string',
    ]);
  });

  it('of a payload that is not an object is its type at the empty path; an empty object has no fields', () => {
    expect(payloadShape('free text')).toEqual([':string']);
    expect(payloadShape(null)).toEqual([':null']);
    expect(payloadShape([1])).toEqual([':array', '/*:number']);
    expect(payloadShape({})).toEqual([]);
  });

  it('is bounded in depth, array items looked at and fields', () => {
    expect(SHAPE_DEPTH).toBe(4);
    expect(payloadShape({ a: { b: { c: { d: { e: 1 } } } } })).toEqual(['/a:object', '/a/b:object', '/a/b/c:object', '/a/b/c/d:object']);
    const items = Array.from({ length: ARRAY_ITEMS + 5 }, (_, i) => (i < ARRAY_ITEMS ? 1 : 'late'));
    expect(payloadShape({ items })).toEqual(['/items:array', '/items/*:number']);
    const wide = Object.fromEntries(Array.from({ length: SHAPE_FIELDS + 50 }, (_, i) => [`k${i}`, i]));
    expect(payloadShape(wide)).toHaveLength(SHAPE_FIELDS);
  });
});

describe('drift over time', () => {
  it('records each new shape of a type at its first position, with the fields added, removed and retyped', async () => {
    const path = files.writeLines('drift.ndjson', [
      record('account-1', 1, { type: 'opened', time: minute(1), data: { owner: 'ada', balance: 0 } }),
      record('account-2', 1, { type: 'opened', time: minute(2), data: { owner: 'bob', balance: 5 } }),
      record('account-1', 2, { type: 'deposited', time: minute(3), data: { amount: 5 } }),
      record('account-3', 1, { type: 'opened', time: minute(4), data: { owner: 'cy', balance: 0, currency: 'EUR' } }),
      record('account-4', 1, { type: 'opened', time: minute(5), data: { owner: 'di', balance: '0.00' } }),
      record('account-5', 1, { type: 'opened', time: minute(6), data: { owner: 'ed', balance: 1 } }),
      record('account-6', 1, { type: 'opened', time: minute(7), data: { owner: null, balance: '1.00' } }),
    ]);
    const result = await auditJournal(await files.open(path));
    expect(result.drift).toEqual([
      {
        type: 'opened',
        moreShapes: 0,
        shapes: [
          { fields: ['/balance:number', '/owner:string'], firstPosition: 1, firstTime: minute(1), events: 3, added: [], removed: [], retyped: [] },
          { fields: ['/balance:number', '/currency:string', '/owner:string'], firstPosition: 4, firstTime: minute(4), events: 1, added: ['/currency:string'], removed: [], retyped: [] },
          { fields: ['/balance:string', '/owner:string'], firstPosition: 5, firstTime: minute(5), events: 1, added: [], removed: ['/currency:string'], retyped: ['/balance: number → string'] },
          { fields: ['/balance:string', '/owner:null'], firstPosition: 7, firstTime: minute(7), events: 1, added: [], removed: [], retyped: ['/owner: string → null'] },
        ],
      },
      { type: 'deposited', moreShapes: 0, shapes: [{ fields: ['/amount:number'], firstPosition: 3, firstTime: minute(3), events: 1, added: [], removed: [], retyped: [] }] },
    ]);
    // A shape seen before (position 6 is the first shape again) is no new finding; a retype between two kinds of
    // value is a warning, one to or from null an info.
    expect(placed(result, 'schema-drift')).toEqual([
      { severity: 'warning', kind: 'schema-drift', stream: 'account-4', version: 1, position: 5 },
      { severity: 'info', kind: 'schema-drift', stream: 'account-3', version: 1, position: 4 },
      { severity: 'info', kind: 'schema-drift', stream: 'account-6', version: 1, position: 7 },
    ]);
    expect(result.findings.filter((finding) => finding.kind === 'schema-drift').map((finding) => finding.message)).toEqual([
      'Event type "opened" has a new payload shape from position 5 (stream "account-4" version 1): removed /currency:string; retyped /balance: number → string.',
      'Event type "opened" has a new payload shape from position 4 (stream "account-3" version 1): added /currency:string.',
      'Event type "opened" has a new payload shape from position 7 (stream "account-6" version 1): retyped /owner: string → null.',
    ]);
  });

  it('lists a bounded number of shapes per type and counts the rest', async () => {
    // Every event a new field: 12 shapes of one type.
    const records = Array.from({ length: 12 }, (_, i) => record(`s-${i}`, 1, { type: 'varied', time: minute(i), data: { [`f${i}`]: i } }));
    const store = await files.open(files.writeLines('varied.ndjson', [...records, ...records.map((r, i) => ({ ...r, stream: `t-${i}` }))]));
    const result = await auditJournal(store, { maxShapes: 5 });
    expect(result.drift[0]!.shapes).toHaveLength(5);
    expect(result.drift[0]!.moreShapes).toBe(7);
    expect(result.drift[0]!.shapes.map((shape) => shape.events)).toEqual([2, 2, 2, 2, 2]);
    // Each new shape once, the repeats none: 11 changes after the first shape.
    expect(countOf(result, 'schema-drift')).toBe(11);
  });
});
