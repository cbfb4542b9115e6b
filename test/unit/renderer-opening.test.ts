// The renderer's logic for opening: sizes in words, the progress bar's text, the options form, upload headers, findings.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model.js';
import { findingKindLabel, moreFindingsText, severityCounts } from '../../renderer/lib/findings.js';
import { formatBytes } from '../../renderer/lib/format.js';
import { uploadHeaders } from '../../renderer/lib/http-api.js';
import { amountText, phaseText, progressFraction, progressValueText } from '../../renderer/lib/progress.js';
import type { ProgressView } from '../../renderer/lib/progress.js';
import { describeOptions, emptyFields, fieldsFrom, offersOptions, optionsFrom } from '../../renderer/lib/reading-options.js';

describe('sizes', () => {
  it('says bytes below a kilobyte, then three significant digits in decimal units', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(28_400_000)).toBe('28.4 MB');
    expect(formatBytes(112_000_000)).toBe('112 MB');
    expect(formatBytes(284_312_000)).toBe('284 MB');
    expect(formatBytes(1_400_000_000)).toBe('1.4 GB');
    expect(formatBytes(2e15)).toBe('2000 TB');
  });

  it('rounds up to the next unit rather than showing 1000', () => {
    expect(formatBytes(999_600)).toBe('1 MB');
    expect(formatBytes(999_499)).toBe('999 kB');
  });

  it('shows nonsense as nothing', () => {
    expect(formatBytes(Number.NaN)).toBe('0 bytes');
    expect(formatBytes(-5)).toBe('0 bytes');
  });
});

describe('the progress bar', () => {
  const view = (over: Partial<ProgressView>): ProgressView => ({ phase: 'reading', done: 0, total: 0, events: 0, uploaded: false, ...over });

  it('reads bytes of the total and the events so far, with separators', () => {
    const reading = view({ done: 112_000_000, total: 284_000_000, events: 1_204_311 });
    expect(amountText(reading)).toBe('112 MB of 284 MB · 1,204,311 events read');
    expect(progressFraction(reading)).toBeCloseTo(0.394, 3);
    expect(progressValueText(reading)).toBe('112 MB of 284 MB (39%)');
    expect(phaseText(reading)).toBe('Reading the events');
  });

  it('counts an upload as the first of two steps', () => {
    const sending = view({ phase: 'uploading', done: 5_000_000, total: 64_100_000, uploaded: true });
    expect(phaseText(sending)).toBe('Uploading to the Eventlens host (step 1 of 2)');
    expect(amountText(sending)).toBe('5 MB of 64.1 MB sent');
    expect(phaseText(view({ uploaded: true }))).toBe('Reading the events (step 2 of 2)');
  });

  it('is indeterminate while the size is unknown', () => {
    expect(progressFraction(view({ phase: 'waiting' }))).toBeNull();
    expect(progressFraction(view({ total: 0 }))).toBeNull();
    expect(amountText(view({ phase: 'waiting' }))).toBe('');
    expect(progressValueText(view({ phase: 'waiting' }))).toBe('Starting…');
    expect(amountText(view({ events: 12 }))).toBe('12 events read');
  });

  it('never runs past full', () => {
    expect(progressFraction(view({ done: 120, total: 100 }))).toBe(1);
  });
});

describe('the "Open with options" form', () => {
  it('sends only the roles filled in, trimmed', () => {
    const fields = { ...emptyFields(), stream: ' agg ', type: 'kind', data: 'body', time: 'at', version: '   ' };
    expect(optionsFrom(fields)).toEqual({ map: { stream: 'agg', type: 'kind', data: 'body', time: 'at' } });
  });

  it('sends no map when no role is named, and a key exactly as typed', () => {
    expect(optionsFrom(emptyFields())).toEqual({});
    expect(optionsFrom({ ...emptyFields(), cipherKey: ' k3y= ' })).toEqual({ cipherKey: ' k3y= ' });
  });

  it('fills the form again from options used before', () => {
    const read = { map: { table: 'events', stream: 'aggregate_id' }, cipherKey: 'secret' };
    const fields = fieldsFrom(read);
    expect(fields.table).toBe('events');
    expect(fields.stream).toBe('aggregate_id');
    expect(fields.type).toBe('');
    expect(optionsFrom(fields)).toEqual(read);
    expect(describeOptions(read)).toBe('table=events, stream=aggregate_id, a cipher key');
  });

  it('is offered for a journal nothing could be read from, an encrypted store, or options that did not work', () => {
    const noEvents = { code: 'bad-format', message: 'No events could be read. … name them: --map stream=FIELD (in the app: "Map columns…" when opening).' };
    const noTable = { code: 'bad-format', message: 'x.db is a SQLite database but holds no events table Eventlens recognises: … --map table=NAME' };
    expect(offersOptions(noEvents, false)).toBe(true);
    expect(offersOptions(noTable, false)).toBe(true);
    expect(offersOptions({ code: 'encrypted', message: 'the events are encrypted' }, false)).toBe(true);
    expect(offersOptions({ code: 'bad-format', message: 'notes.txt is not a journal Eventlens can read.' }, false)).toBe(false);
    expect(offersOptions({ code: 'bad-format', message: 'notes.txt is not a journal Eventlens can read.' }, true)).toBe(true);
    expect(offersOptions({ code: 'not-found', message: '--map' }, true)).toBe(false);
    expect(offersOptions({ code: 'cancelled', message: 'Opening x was cancelled.' }, false)).toBe(false);
    expect(offersOptions(new Error('--map'), false)).toBe(false);
    expect(offersOptions(null, true)).toBe(false);
  });
});

describe('upload headers', () => {
  it('carry the map as JSON and the key as it is; nothing when there are no options', () => {
    expect(uploadHeaders({})).toEqual({});
    const headers = uploadHeaders({ map: { stream: 'agg', type: 'kind' }, cipherKey: 'abc+/=' });
    expect(JSON.parse(headers['X-Eventlens-Map']!)).toEqual({ stream: 'agg', type: 'kind' });
    expect(headers['X-Eventlens-Cipher-Key']).toBe('abc+/=');
  });

  it('escape names outside ASCII so the header stays Latin-1, and still parse to the same map', () => {
    const map = { stream: 'Aggregat-ID', type: 'Ereignistyp', data: 'données', time: '時刻 😀' };
    const header = uploadHeaders({ map })['X-Eventlens-Map']!;
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(header)).toEqual(map);
  });

  it('refuse a key that a header cannot carry, in words', () => {
    expect(() => uploadHeaders({ cipherKey: 'schlüssel' })).toThrow(/plain ASCII/);
  });
});

describe('findings', () => {
  const finding = (severity: Finding['severity'], kind: string): Finding => ({ severity, kind, place: 'line 3', message: 'm' });

  it('names the kinds in words, known or not', () => {
    expect(findingKindLabel('truncated')).toBe('File cut off');
    expect(findingKindLabel('invalid-utf8')).toBe('Not UTF-8');
    expect(findingKindLabel('read-failed')).toBe('Read stopped');
    expect(findingKindLabel('missing-field')).toBe('Missing field');
    expect(findingKindLabel('undecodable-payload')).toBe('Undecodable payload');
    expect(findingKindLabel('some_new-kind')).toBe('Some new kind');
    expect(findingKindLabel('')).toBe('Finding');
  });

  it('counts by severity, most severe first, and says how many more were not listed', () => {
    expect(severityCounts([finding('warning', 'a'), finding('error', 'b'), finding('warning', 'c')])).toBe('1 error, 2 warnings');
    expect(severityCounts([finding('info', 'a')])).toBe('1 note');
    expect(moreFindingsText({ moreFindings: 0 })).toBe('');
    expect(moreFindingsText({ moreFindings: 12_345 })).toBe('12,345 more not listed');
  });
});
