// The whole journal's rates come from minute counts kept in the cache; a stream's or category's are counted from the
// events. Both must answer alike for any bucket and any window, in NDJSON (cache) and SQLite (read in place) journals.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { bucketRates } from '../../shared/rates.js';
import { tempFolder, writeNdjson, writeSqlite } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

const journals = tempFolder('eventlens-rate-windows-');
const caches = tempFolder('eventlens-rate-windows-cache-');
afterAll(() => {
  journals.remove();
  caches.remove();
});

const START = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

/** Events of one category ("acct-"), over three days, so the category's rates must equal the journal's. */
const journal = fc.array(fc.record({ at: fc.integer({ min: 0, max: 3 * DAY - 1 }), stream: fc.integer({ min: 1, max: 4 }), type: fc.constantFrom('opened', 'moved', '__proto__') }), { minLength: 1, maxLength: 60 });
const window = fc.record({ from: fc.option(fc.integer({ min: -DAY, max: 3 * DAY }), { nil: undefined }), length: fc.integer({ min: 1, max: 2 * DAY }) });

describe('rate series', () => {
  it('agree between minute counts and events, for every bucket and window (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(journal, window, fc.constantFrom('1m', '1h', '1d', 'auto') as fc.Arbitrary<'1m' | '1h' | '1d' | 'auto'>, fc.boolean(), async (drafts, span, bucket, asSqlite) => {
        const versions = new Map<number, number>();
        const events: FixtureEvent[] = drafts.map((draft) => {
          const version = (versions.get(draft.stream) ?? 0) + 1;
          versions.set(draft.stream, version);
          return { stream: `acct-${draft.stream}`, version, type: draft.type, time: new Date(START + draft.at).toISOString(), data: {} };
        });
        const path = join(journals.path, `j${run++}.${asSqlite ? 'sqlite' : 'ndjson'}`);
        if (asSqlite) writeSqlite(path, events);
        else writeNdjson(path, events);
        const service = new JournalService({ samplePath: path, cacheDir: caches.path });
        try {
          await service.openJournal({ path });
          const from = span.from === undefined ? undefined : new Date(START + span.from).toISOString();
          const to = span.from === undefined ? undefined : new Date(START + span.from + span.length).toISOString();
          const range = { ...(from && { from }), ...(to && { to }) };
          const whole = await service.rates({ bucket, ...range });
          const category = await service.rates({ bucket, category: 'acct', ...range });
          const expected = bucketRates(events, bucket, { ...(from && { from: Date.parse(from) }), ...(to && { to: Date.parse(to) }) });
          expect(whole).toEqual(expected);
          expect(category).toEqual(expected);
        } finally {
          service.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
