// Nothing is dropped: every field of a source record reaches its normalized event (stream, version, type, time, data,
// metadata, id, extra), so the event's digest covers it. fast-check changes one leaf of one record of a real export
// (the conformance corpus) or of a fixture written as its store writes it, and the edited export must give another
// event digest and a diff that is not "identical" (with the same event keys: an event modified).
//
// Runs per journal: EVENTLENS_FIDELITY_RUNS (default below); EVENTLENS_FIDELITY_SURVEY=1 instead edits every path
// pattern of every journal once and lists every hole found, for whoever mends the readers.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareJournals } from '../../electron/audit/compare.js';
import { JournalError } from '../../shared/contract.js';
import { BANK_EVENTS, tempFolder } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { binaryCloudEventBody, cloudEventBodies } from '../support/exports/cloudevents.js';
import { commandedRows } from '../support/exports/commanded.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { historyEvents } from '../support/exports/temporal-history.js';
import { problemsOf, readJournalEvents } from '../support/fidelity/edited-journal.js';
import type { ReadJournal } from '../support/fidelity/edited-journal.js';
import { applyEdit, chooseEdit, describeEdit, leafEdits, parseJsonJournal, writeJsonJournal } from '../support/fidelity/leaves.js';
import type { EditChoice, JsonJournal, LeafEdit } from '../support/fidelity/leaves.js';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);
/** 25 edits of each of the 36 journals: about 35 s for the file on 2 cores. */
const RUNS = Number(process.env.EVENTLENS_FIDELITY_RUNS ?? 25);
const SEED = Number(process.env.EVENTLENS_FIDELITY_SEED ?? 20_260_105);
const SURVEY = process.env.EVENTLENS_FIDELITY_SURVEY === '1';
const TIMEOUT = SURVEY ? 600_000 : 120_000;

const folder = tempFolder('eventlens-fidelity-');
const caches = tempFolder('eventlens-fidelity-cache-');
let run = 0;

interface Journal {
  /** The corpus path, or fixtures/<file>. */
  name: string;
  /** The layout the reader must recognise. */
  format: string;
  /** The file as its store wrote it. */
  path: string;
  /** For a fixture: its text, written before the tests. */
  text?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The journals

/**
 * The corpus's JSON-family files. Left out: the SQLite store and the unsupported binary history (no JSON leaves), and
 * the Atom XML page: its leaves are element texts the reader converts into the JSON a store would have written, so a
 * JSON edit does not apply; one hand-written edit below covers it.
 */
function corpusJournals(): Journal[] {
  const manifest = JSON.parse(readFileSync(new URL('MANIFEST.json', CORPUS), 'utf8')) as Record<string, { format?: string }>;
  return Object.entries(manifest)
    .filter(([name, entry]) => entry.format !== undefined && /\.(json|ndjson)$/.test(name))
    .map(([name, entry]) => ({ name, format: entry.format!, path: fileURLToPath(new URL(name, CORPUS)) }));
}

const lines = (records: readonly unknown[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';
const array = (records: readonly unknown[]) => JSON.stringify(records, null, 2);

/** A generic export with members no role takes (a tenant) and a store position, which `extra` must keep. */
const genericRecords = BANK_EVENTS.map((event, i) => ({
  stream_id: event.stream,
  version: event.version,
  type: event.type,
  data: event.data,
  metadata: event.metadata ?? null,
  created_at: event.time,
  tenant: 'acme',
  global_position: 1000 + i,
}));

/** The layouts the corpus lacks, each written the way its store (or its usual export) writes it. */
const FIXTURES: { file: string; format: string; text: string }[] = [
  { file: 'generic.ndjson', format: 'ndjson', text: lines(genericRecords) },
  { file: 'generic.json', format: 'json', text: array(genericRecords) },
  { file: 'marten.json', format: 'marten', text: array(martenRows(BANK_EVENTS)) },
  { file: 'message-db.ndjson', format: 'message-db', text: lines(messageDbRows(BANK_EVENTS)) },
  { file: 'commanded.json', format: 'commanded', text: array(commandedRows(BANK_EVENTS)) },
  { file: 'commanded-jsonb.ndjson', format: 'commanded', text: lines(commandedRows(BANK_EVENTS, { jsonb: true })) },
  { file: 'axon.json', format: 'axon', text: array(axonRows(BANK_EVENTS)) },
  // A batch written one event a line, a binary payload (data_base64) among them.
  {
    file: 'cloudevents.ndjson',
    format: 'cloudevents',
    text: lines([...cloudEventBodies(BANK_EVENTS), binaryCloudEventBody(Buffer.from('%PDF-1.7 statement'), 'application/pdf')].map((body) => JSON.parse(body) as unknown)),
  },
  { file: 'temporal.ndjson', format: 'temporal-history', text: lines(historyEvents({ workflowId: 'transfer-42' })) },
];

const JOURNALS: Journal[] = [
  ...corpusJournals(),
  ...FIXTURES.map(({ file, format, text }) => ({ name: `fixtures/${file}`, format, path: join(folder.path, 'fixtures', file), text })),
];

// ---------------------------------------------------------------------------------------------------------------
// Opening and comparing

const read = (path: string) => readJournalEvents(path, caches.path);
type Read = ReadJournal;

/** Writes the text as a file of the journal's own name (a stream may be named after the file) in a fresh folder. */
function writeRun(journal: Journal, text: string): string {
  const dir = join(folder.path, 'runs', String(++run));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, basename(journal.name));
  writeFileSync(path, text);
  return path;
}

/**
 * Opens a copy of the journal with this text, hands it to `use`, then closes and deletes it. A copy the reader refuses
 * to open (a JournalError) goes to `refused` when given.
 */
async function withCopy<T>(journal: Journal, text: string, use: (copy: Read) => Promise<T>, refused?: (error: JournalError) => T): Promise<T> {
  const path = writeRun(journal, text);
  try {
    let copy: Read;
    try {
      copy = await read(path);
    } catch (error) {
      if (refused === undefined || !(error instanceof JournalError)) throw error;
      return refused(error);
    }
    try {
      return await use(copy);
    } finally {
      copy.store.close();
    }
  } finally {
    rmSync(join(path, '..'), { recursive: true, force: true });
  }
}

/**
 * Edited exports refused as a whole (a single CloudEvent no longer one, an Atom page whose entries became unreadable):
 * they open as no events, so nothing can call them the same events as the original. Counted as telling the edit, and
 * listed after the run, so a reader that refuses a whole file where it could read the rest is seen.
 */
const refusals = new Map<string, { example: string; count: number }>();

function problemsOfEdit(original: Read, journal: Journal, parsed: JsonJournal, edit: LeafEdit): Promise<string[]> {
  return withCopy(
    journal,
    applyEdit(parsed, edit),
    (edited) => problemsOf(original, edited),
    (error) => {
      const place = `${journal.name} ${edit.place}`;
      const seen = refusals.get(place) ?? { example: `${describeEdit(journal.name, edit)}: ${error.message}`, count: 0 };
      refusals.set(place, { ...seen, count: seen.count + 1 });
      return [];
    },
  );
}


/** One edit of every path pattern (its first leaf): a string appended to and changed within, any other leaf changed once. */
function surveyEdits(journal: JsonJournal): LeafEdit[] {
  const edits = journal.patterns.flatMap((_, pattern) =>
    (['append', 'replace'] as const).map((kind) => chooseEdit(journal, { pattern, instance: 0, kind, char: 0x7a, at: 3 } satisfies EditChoice)),
  );
  // A number, a boolean or a base64 text is edited one way only.
  return edits.filter((edit, i) => i === 0 || edit.place !== edits[i - 1]!.place || edit.after !== edits[i - 1]!.after);
}

beforeAll(() => {
  mkdirSync(join(folder.path, 'fixtures'));
  for (const journal of JOURNALS) if (journal.text !== undefined) writeFileSync(journal.path, journal.text);
});

afterAll(() => {
  const refused = [...refusals.values()].map(({ example, count }) => `${example}${count > 1 ? ` (and ${count - 1} more edits of that leaf)` : ''}`);
  if (refused.length > 0) console.log(`Edited exports refused as a whole, one example per leaf:\n${refused.join('\n')}`);
  folder.remove();
  caches.remove();
});

// ---------------------------------------------------------------------------------------------------------------
// The property, reader by reader

const formats = [...new Set(JOURNALS.map((journal) => journal.format))];

for (const format of formats) {
  describe(`the ${format} reader keeps every field of a record in its event's digest`, () => {
    for (const journal of JOURNALS.filter((j) => j.format === format)) {
      it(journal.name, async () => {
        const parsed = parseJsonJournal(journal.text ?? readFileSync(journal.path, 'utf8'));
        expect(parsed.patterns.length, `${journal.name} has no leaves in its records`).toBeGreaterThan(0);
        const original = await read(journal.path);
        try {
          expect(original.store.summary.format).toBe(journal.format);
          expect(original.events.length).toBeGreaterThan(0);
          // The edited file is the parsed one written again: written again unedited, it must read as the same events,
          // so what an edited copy shows is the edit's doing alone.
          await withCopy(journal, writeJsonJournal(parsed), async (copy) => {
            expect(copy.digests, `${journal.name} written again unedited`).toEqual(original.digests);
            expect((await compareJournals(original.store, copy.store)).identical).toBe(true);
          });

          if (SURVEY) {
            const holes: string[] = [];
            for (const edit of surveyEdits(parsed)) {
              try {
                const problems = await problemsOfEdit(original, journal, parsed, edit);
                if (problems.length > 0) holes.push(`${describeEdit(journal.name, edit)}: ${problems.join('; ')}`);
              } catch (error) {
                holes.push(`${describeEdit(journal.name, edit)}: threw ${(error as Error).stack ?? String(error)}`);
              }
            }
            if (holes.length > 0) console.log(holes.join('\n'));
            expect(holes).toEqual([]);
            return;
          }

          await fc.assert(
            fc.asyncProperty(leafEdits(journal.name, parsed), async (edit) => {
              const problems = await problemsOfEdit(original, journal, parsed, edit);
              expect(problems, fc.stringify(edit)).toEqual([]);
            }),
            // Each run opens a journal; an edit is one leaf already, so a failure is reported as found, not shrunk.
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        } finally {
          original.store.close();
        }
      }, TIMEOUT);
    }
  });
}

describe('the Atom XML page keeps its entry in its event', () => {
  it('eventstoredb/eventstore-atom-feed.xml: an entry whose summary (the event type) changed is another event', async () => {
    const name = 'eventstoredb/eventstore-atom-feed.xml';
    const path = fileURLToPath(new URL(name, CORPUS));
    const text = readFileSync(path, 'utf8');
    const editedText = text.replace('<summary>event-type</summary>', '<summary>event-typf</summary>');
    expect(editedText).not.toBe(text);
    const original = await read(path);
    try {
      await withCopy({ name, format: 'eventstoredb-atom', path }, editedText, async (edited) => {
        expect(original.events.map((event) => event.type)).toEqual(['event-type']);
        expect(edited.events.map((event) => event.type)).toEqual(['event-typf']);
        expect(edited.digests).not.toEqual(original.digests);
        const comparison = await compareJournals(original.store, edited.store);
        expect(comparison).toMatchObject({ identical: false, added: 0, removed: 0, modified: 1 });
      });
    } finally {
      original.store.close();
    }
  });
});
