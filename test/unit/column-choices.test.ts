// The Map columns… dialog's choices from a FieldSample: the table offered first, the fields pre-selected, the option
// texts, and the preview of the first records as the choices read them.
import { describe, expect, it } from 'vitest';
import type { FieldSample, SampledSource } from '../../shared/model.js';
import { choicesFor, fieldLabel, fieldOptions, firstSource, preview, tableLabel, withTable } from '../../renderer/lib/column-choices.js';
import { emptyFields, optionsFrom } from '../../renderer/lib/reading-options.js';

const EVENTS: SampledSource = {
  table: 'ledger_rows',
  records: 3,
  fields: [
    { name: 'entity', count: 3, example: 'acct-1' },
    { name: 'seq', count: 3, example: '1' },
    { name: 'payload', count: 2, example: '{"owner":"Ada"}' },
    { name: 'gone', count: 0, example: null },
  ],
  guess: { data: 'payload' },
  rows: [
    { entity: 'acct-1', seq: '1', payload: '{"owner":"Ada"}', gone: null },
    { entity: 'acct-1', seq: '2', payload: null, gone: null },
  ],
};
const SETTINGS: SampledSource = { table: 'settings', records: 1, fields: [{ name: 'k', count: 1, example: 'owner' }], guess: {}, rows: [{ k: 'owner' }] };
const SAMPLE: FieldSample = { kind: 'sqlite', sources: [SETTINGS, EVENTS], notes: [] };

describe('the choices', () => {
  it('offer first the table the map names, else the one where most parts were found by name', () => {
    expect(firstSource(SAMPLE, {})).toBe(1);
    expect(firstSource(SAMPLE, { map: { table: 'settings' } })).toBe(0);
    expect(firstSource(SAMPLE, { map: { table: 'no_such' } })).toBe(1);
  });

  it('pre-select what is found by name, or what the options named before, or nothing when only a key was asked', () => {
    expect(choicesFor(emptyFields(), EVENTS, {}, true)).toMatchObject({ table: 'ledger_rows', data: 'payload', stream: '' });
    expect(choicesFor(emptyFields(), EVENTS, { map: { table: 'ledger_rows', stream: 'entity' } }, true)).toMatchObject({ stream: 'entity', data: '' });
    // Options that named another table do not carry over.
    expect(choicesFor(emptyFields(), EVENTS, { map: { table: 'settings', stream: 'k' } }, true)).toMatchObject({ stream: '', data: 'payload' });
    const keyOnly = choicesFor({ ...emptyFields(), cipherKey: 'k' }, EVENTS, { cipherKey: 'k' }, false);
    expect(keyOnly).toMatchObject({ table: '', data: '', cipherKey: 'k' });
    expect(optionsFrom(keyOnly)).toEqual({ cipherKey: 'k' });
  });

  it('name the table shown once a column of it is chosen', () => {
    const chosen = { ...emptyFields(), stream: 'entity' };
    expect(withTable(chosen, EVENTS).table).toBe('ledger_rows');
    expect(withTable(emptyFields(), EVENTS).table).toBe('');
    expect(withTable(chosen, { ...EVENTS, table: null }).table).toBe('');
  });

  it('say each field with an example and how often it has a value, hidden characters marked', () => {
    expect(fieldLabel(EVENTS.fields[0]!, 3)).toBe('entity · e.g. acct-1 · in all 3');
    expect(fieldLabel(EVENTS.fields[2]!, 3)).toBe('payload · e.g. {"owner":"Ada"} · in 2 of 3');
    expect(fieldLabel(EVENTS.fields[3]!, 3)).toBe('gone · always empty · in 0 of 3');
    expect(fieldLabel({ name: 'a\u202eb', count: 1, example: '' }, 1)).toBe('a⟨U+202E⟩b · e.g. "" · in all 1');
    expect(tableLabel(SETTINGS)).toBe('settings (1 column)');
    expect(tableLabel(EVENTS)).toBe('ledger_rows (4 columns)');
  });

  it('keep a name chosen before that the first records lack', () => {
    expect(fieldOptions(SETTINGS, 'other').map((option) => option.label)).toEqual(['other · not in the first records', 'k · e.g. owner · in all 1']);
    expect(fieldOptions(SETTINGS, 'k')).toHaveLength(1);
  });
});

describe('the preview', () => {
  it('shows one column per part with a field, the first records as those fields read', () => {
    const fields = { ...emptyFields(), stream: 'entity', version: 'seq', data: 'payload', time: 'missing' };
    expect(preview(fields, EVENTS)).toEqual({
      columns: [
        { role: 'stream', label: 'Stream', field: 'entity' },
        { role: 'version', label: 'Version', field: 'seq' },
        { role: 'data', label: 'Data', field: 'payload' },
        { role: 'time', label: 'Time', field: 'missing' },
      ],
      rows: [
        ['acct-1', '1', '{"owner":"Ada"}', null],
        ['acct-1', '2', null, null],
      ],
    });
  });
});
