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
    const wide = Object.fromEntries(Array.from({ length: SHAPE_FIELDS + 50 }, (_, i) => [`key_${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, i]));
    expect(payloadShape(wide)).toHaveLength(SHAPE_FIELDS);
  });

  it('reads keys that are data (ids, SKUs, numbers) as any item, like an array', () => {
    expect(payloadShape({ items: { 'MN-27': { qty: 1 }, 'HS-05': { qty: 2 } }, byId: { '6f1c2a9e-1d2b-4c3d-9e8f-0a1b2c3d4e5f': true }, line1: 'x' })).toEqual([
      '/byId:object',
      '/byId/*:boolean',
      '/items:object',
      '/items/*:object',
      '/items/*/qty:number',
      '/line1:string',
    ]);
  });
});

describe('drift over time', () => {
  it('records each schema change of a type where it happened: fields added, retyped, and stopped for good', async () => {
    const lines = [
      record('account-1', 1, { type: 'opened', time: minute(1), data: { owner: 'ada', balance: 0 } }),
      record('account-2', 1, { type: 'opened', time: minute(2), data: { owner: 'bob', balance: 5 } }),
      record('account-1', 2, { type: 'deposited', time: minute(3), data: { amount: 5 } }),
      record('account-3', 1, { type: 'opened', time: minute(4), data: { owner: 'cy', balance: 0, currency: 'EUR' } }),
      record('account-4', 1, { type: 'opened', time: minute(5), data: { owner: 'di', balance: '0.00', currency: 'EUR' } }),
      // An optional field: null now and then is no change of schema.
      record('account-5', 1, { type: 'opened', time: minute(6), data: { owner: null, balance: 1, currency: 'EUR' } }),
    ];
    // From position 7 on, "owner" is never written again: 30 events without it, where it had been in every one.
    for (let i = 0; i < 30; i++) lines.push(record(`account-${10 + i}`, 1, { type: 'opened', time: minute(7 + i), data: { balance: i, currency: 'EUR' } }));
    const result = await auditJournal(await files.open(files.writeLines('drift.ndjson', lines)));
    expect(result.drift).toEqual([
      {
        type: 'opened',
        moreShapes: 0,
        shapes: [
          { fields: ['/balance:number', '/owner:string'], firstPosition: 1, firstTime: minute(1), events: 2, added: [], removed: [], retyped: [] },
          { fields: ['/balance:number', '/currency:string', '/owner:string'], firstPosition: 4, firstTime: minute(4), events: 1, added: ['/currency:string'], removed: [], retyped: [] },
          { fields: ['/balance:number|string', '/currency:string', '/owner:string'], firstPosition: 5, firstTime: minute(5), events: 2, added: [], removed: [], retyped: ['/balance: number → number|string'] },
          { fields: ['/balance:number|string', '/currency:string'], firstPosition: 7, firstTime: minute(7), events: 30, added: [], removed: ['/owner:string|null'], retyped: [] },
        ],
      },
      { type: 'deposited', moreShapes: 0, shapes: [{ fields: ['/amount:number'], firstPosition: 3, firstTime: minute(3), events: 1, added: [], removed: [], retyped: [] }] },
    ]);
    // A field taking a second kind of value is a warning; a field added or stopped an info.
    expect(placed(result, 'schema-drift')).toEqual([
      { severity: 'warning', kind: 'schema-drift', stream: 'account-4', version: 1, position: 5 },
      { severity: 'info', kind: 'schema-drift', stream: 'account-3', version: 1, position: 4 },
      { severity: 'info', kind: 'schema-drift', stream: 'account-10', version: 1, position: 7 },
    ]);
    expect(result.findings.filter((finding) => finding.kind === 'schema-drift').map((finding) => finding.message)).toEqual([
      'Event type "opened" changed its payload schema at position 5 (stream "account-4" version 1): retyped /balance: number → number|string.',
      'Event type "opened" changed its payload schema at position 4 (stream "account-3" version 1): added /currency:string.',
      'Event type "opened" changed its payload schema at position 7 (stream "account-10" version 1): stopped /owner:string|null.',
    ]);
  });

  it('does not call an optional field that turns up now and then a stopped one', async () => {
    // "note" in every 4th event, the last one 3 events before the end: it keeps turning up, it did not stop.
    const lines = Array.from({ length: 41 }, (_, i) => record(`cart-${i}`, 1, { type: 'noted', time: minute(i), data: i % 4 === 0 && i < 40 ? { id: i, note: 'x' } : { id: i } }));
    const result = await auditJournal(await files.open(files.writeLines('optional.ndjson', lines)));
    expect(countOf(result, 'schema-drift')).toBe(0);
    expect(result.drift[0]!.shapes).toHaveLength(1);
  });

  it('lists a bounded number of shapes per type and counts the rest', async () => {
    // Every second event a new field: 12 schema versions of one type, each for two events.
    const fields = 'abcdefghijkl';
    const records = Array.from({ length: 24 }, (_, i) => record(`s-${i}`, 1, { type: 'varied', time: minute(i), data: { [`field_${fields[Math.floor(i / 2)]}`]: i, base: 1 } }));
    const result = await auditJournal(await files.open(files.writeLines('varied.ndjson', records)), { maxShapes: 5 });
    expect(result.drift[0]!.shapes).toHaveLength(5);
    expect(result.drift[0]!.moreShapes).toBe(7);
    expect(result.drift[0]!.shapes.map((shape) => shape.events)).toEqual([2, 2, 2, 2, 2]);
    // Each version after the first is a finding, listed or not: 11.
    expect(countOf(result, 'schema-drift')).toBe(11);
  });
});
