// Any bytes a journal file may hold: the readers answer with events and findings, or one clear JournalError;
// never another exception, never a hang.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';

const folder = tempFolder('eventlens-fuzz-');
afterAll(() => folder.remove());

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000');
/** Mostly plausible events with odd values (any JSON where a field is expected), and some odd records. */
const record = fc.oneof(
  fc.record(
    {
      stream: fc.oneof(fc.constantFrom('account-1', 'account-2', 'user-1', '__proto__', '<b>x</b>'), fc.string(), fc.nat()),
      type: fc.oneof(fc.constantFrom('opened', 'changed', 'constructor'), fc.string({ minLength: 1 })),
      version: fc.oneof(fc.nat(), fc.integer(), fc.string(), fc.jsonValue()),
      time: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.integer(), fc.string()),
      data: fc.jsonValue(),
      metadata: fc.jsonValue(),
    },
    { requiredKeys: ['stream', 'type'] },
  ),
  fc.dictionary(fc.constantFrom('stream', 'type', 'version', 'time', 'data', 'metadata', 'specversion', 'source', 'id', 'entries', 'events'), fc.jsonValue(), { maxKeys: 6 }),
);

/** Bytes shaped like journals and broken in the ways files break: random, cut, wrapped in gzip. */
const journalBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 400 }).map((s) => Buffer.from(s)),
  fc.array(record, { maxLength: 6 }).map((rows) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'))),
  fc.array(record, { maxLength: 6 }).map((rows) => Buffer.from(JSON.stringify(rows, null, 1))),
  fc.tuple(fc.array(record, { minLength: 1, maxLength: 6 }), fc.nat()).map(([rows, cut]) => {
    const text = Buffer.from(JSON.stringify(rows));
    return text.subarray(0, cut % text.length);
  }),
  fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.concat([SQLITE_HEADER, Buffer.from(b)])),
  fc.array(record, { maxLength: 6 }).map((rows) => gzipSync(rows.map((r) => JSON.stringify(r)).join('\n'))),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat()).map(([b, cut]) => gzipSync(Buffer.from(b)).subarray(0, 10 + (cut % 20))),
);

describe('opening arbitrary bytes through the service', () => {
  it('answers a summary and queries, or a JournalError (property)', async () => {
    const caches = tempFolder('eventlens-fuzz-cache-');
    const service = new JournalService({ samplePath: join(folder.path, 'none'), cacheDir: caches.path });
    let n = 0;
    let opened = 0;
    try {
      await fc.assert(
        fc.asyncProperty(journalBytes, async (bytes) => {
          const path = join(folder.path, `opened-${n++}`);
          writeFileSync(path, bytes);
          try {
            const summary = await service.openJournal({ path });
            opened += 1;
            const page = await service.events({ limit: 5 });
            expect(page.total).toBe(summary.events);
            for (const stream of (await service.streams()).slice(0, 2)) await service.replayAt({ stream: stream.stream, count: stream.events });
            await service.rates({});
          } catch (error) {
            if (!(error instanceof JournalError)) throw error;
          }
        }),
        { numRuns: 150 },
      );
      // The shapes above are built so that many of them are readable journals, not only refusals.
      expect(opened).toBeGreaterThan(15);
    } finally {
      await service.close();
      caches.remove();
    }
  });
});

describe('readers on arbitrary bytes', () => {
  it('answer with events and findings or a JournalError, and nothing else (property)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(journalBytes, async (bytes) => {
        const path = join(folder.path, `journal-${n++}`);
        writeFileSync(path, bytes);
        try {
          const journal = await readJournal(path);
          expect(Array.isArray(journal.events)).toBe(true);
          for (const event of journal.events) {
            expect(typeof event.stream).toBe('string');
            expect(typeof event.type).toBe('string');
            expect(Number.isFinite(event.position)).toBe(true);
          }
        } catch (error) {
          if (!(error instanceof JournalError)) throw error;
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 400 },
    );
  });
});
