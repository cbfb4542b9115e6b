import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { parseColumnMap } from '../../electron/readers/column-map.js';
import { genericJson } from '../../electron/readers/formats/generic-json.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { tempFolder } from '../support/fixtures.js';
import { readRecords, recordContext } from '../support/exports/record-context.js';

const KEYS = ['stream', 'version', 'position', 'type', 'data', 'metadata', 'time', 'table'] as const;

function refusal(text: string): JournalError {
  try {
    parseColumnMap(text);
  } catch (error) {
    if (error instanceof JournalError) return error;
    throw error;
  }
  return expect.fail(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseColumnMap', () => {
  it('reads every role and the table, trimming spaces, roles in any case', () => {
    expect(parseColumnMap('stream=aggregate_id, version=seq ,position=global,type=Kind,data=Body,metadata=meta,time=at,TABLE=journal')).toEqual({
      stream: 'aggregate_id',
      version: 'seq',
      position: 'global',
      type: 'Kind',
      data: 'Body',
      metadata: 'meta',
      time: 'at',
      table: 'journal',
    });
  });

  it('lets one column serve two roles', () => {
    expect(parseColumnMap('version=seq,position=seq')).toEqual({ version: 'seq', position: 'seq' });
  });

  it.each([
    ['stream=a,kind=b', '"kind" is not a role'],
    ['stream=', 'stream has an empty name'],
    ['stream=a,type= ', 'type has an empty name'],
    ['stream=a,stream=b', 'stream is given twice'],
    ['stream', '"stream" is not role=NAME'],
    ['', 'names no columns'],
    [' , ', 'names no columns'],
    ['stream=a,,type=b', 'has an empty entry'],
    ['stream=a,', 'has an empty entry'],
  ])('refuses %j: %s', (text, problem) => {
    const error = refusal(text);
    expect(error.code).toBe('bad-request');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('the roles are stream, version, position, type, data, metadata, time, table');
  });

  it('reads back any map written as role=NAME pairs', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ .-]{0,15}$/).map((s) => s.trim()).filter((s) => s !== '');
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), name, { minKeys: 1 }), (map) => {
        const text = Object.entries(map).map(([role, column]) => `${role}=${column}`).join(',');
        expect(parseColumnMap(text)).toEqual(map);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a --map on JSON records', () => {
  const folder = tempFolder('eventlens-map-');
  afterAll(() => folder.remove());

  it('reads fields no layout would guess', async () => {
    const path = join(folder.path, 'ledger.ndjson');
    writeFileSync(path, ['{"acct":"a-1","n":1,"what":"opened","body":{"x":1},"at":"2026-01-05T09:00:00Z"}', '{"acct":"a-1","n":2,"what":"closed","body":{},"at":"2026-01-06T09:00:00Z"}'].join('\n'));
    const journal = await readJournal(path, { map: parseColumnMap('stream=acct,version=n,type=what,data=body,time=at') });
    expect(journal.events.map((e) => [e.stream, e.version, e.type, e.time])).toEqual([
      ['a-1', 1, 'opened', '2026-01-05T09:00:00.000Z'],
      ['a-1', 2, 'closed', '2026-01-06T09:00:00.000Z'],
    ]);
    expect(journal.findings.total).toBe(0);
  });

  it('reports a record without the mapped field, with its place, and leaves it out', () => {
    const context = recordContext('ledger.ndjson', parseColumnMap('stream=acct,type=what'));
    const events = readRecords(genericJson, [{ acct: 'a-1', what: 'opened' }, { account: 'a-2', what: 'opened' }], context);
    expect(events.map((e) => e.stream)).toEqual(['a-1']);
    expect(context.findings.list).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'missing-field',
        place: 'item 2',
        message: 'ledger.ndjson item 2: no field "acct" (the field named for stream), so the event was left out.',
      }),
    ]);
  });
});
