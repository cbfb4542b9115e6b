// A summary card answers for its cache entry only while everything it was written for still holds: the entry's key,
// this cache layout and app version, and the very cache file it was read from. Anything else, or a card that cannot
// be read, is no card (the caller then reads the cache file).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalSummary } from '../../shared/model.js';
import { journalsFolder } from '../../electron/store/cache-folder.js';
import { cacheFileFor } from '../../electron/store/cache-key.js';
import { cardFileFor, readCard, writeCard } from '../../electron/store/summary-card.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-card-');
afterAll(() => folder.remove());

const KEY = 'a'.repeat(40);
const SUMMARY: JournalSummary = {
  path: '/journals/bank.ndjson',
  name: 'bank.ndjson',
  format: 'ndjson',
  events: 7,
  streams: 3,
  firstTime: '2026-01-05T09:00:00.000Z',
  lastTime: '2026-01-07T12:30:00.000Z',
  types: [{ type: 'account_opened', count: 2 }],
  findings: [{ severity: 'warning', kind: 'gap', place: 'line 3', message: 'a gap' }],
  moreFindings: 0,
};
const { path: _path, name: _name, ...CARD } = SUMMARY;

const cacheDir = folder.path;
const cardFile = () => cardFileFor(cacheDir, KEY);
const editCard = (edit: (card: Record<string, unknown>) => Record<string, unknown>) =>
  writeFileSync(cardFile(), JSON.stringify(edit(JSON.parse(readFileSync(cardFile(), 'utf8')) as Record<string, unknown>)));

describe('summary cards', () => {
  beforeEach(() => {
    rmSync(journalsFolder(cacheDir), { recursive: true, force: true });
    mkdirSync(journalsFolder(cacheDir), { recursive: true });
    writeFileSync(cacheFileFor(cacheDir, KEY), 'the cache file');
    writeCard(cacheDir, KEY, SUMMARY);
  });

  it('gives back the summary it was written with, without the path and name', () => {
    expect(readCard(cacheDir, KEY)).toEqual(CARD);
  });

  it('answers for no other key', () => {
    expect(readCard(cacheDir, 'b'.repeat(40))).toBeNull();
    editCard((card) => ({ ...card, key: 'b'.repeat(40) }));
    expect(readCard(cacheDir, KEY)).toBeNull();
  });

  it('answers for no other cache layout or app version', () => {
    editCard((card) => ({ ...card, cacheVersion: 'older' }));
    expect(readCard(cacheDir, KEY)).toBeNull();
    writeCard(cacheDir, KEY, SUMMARY);
    editCard((card) => ({ ...card, appVersion: '0.0.1' }));
    expect(readCard(cacheDir, KEY)).toBeNull();
  });

  it('answers for no other cache file, even one of the same name, nor without one', () => {
    rmSync(cacheFileFor(cacheDir, KEY));
    expect(readCard(cacheDir, KEY)).toBeNull();
    writeFileSync(cacheFileFor(cacheDir, KEY), 'the cache file, built again');
    expect(readCard(cacheDir, KEY)).toBeNull();
  });

  it('is no card when it cannot be read', () => {
    writeFileSync(cardFile(), '{"key":');
    expect(readCard(cacheDir, KEY)).toBeNull();
  });
});
