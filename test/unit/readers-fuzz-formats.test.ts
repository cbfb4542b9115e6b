// Every format Eventlens recognises, broken the ways files break: a valid journal of the format (written by the
// fixture builders the format tests use) is mutated by fast-check (bytes, JSON records, SQLite pages and rows) and
// opened through the service. It answers a summary, streams, events, rates, a replay and an audit, or refuses with one
// JournalError naming the file: never another exception, an unhandled rejection, a hang, or a write to the journal.
//
// Runs per format: EVENTLENS_FUZZ_RUNS (default below); fast-check prints the seed and the shrunk mutation of a failure.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { BANK_EVENTS, tempFolder, writeJsonArray, writeNdjson, writeSqlite } from '../support/fixtures.js';
import { axonRows } from '../support/exports/axon.js';
import { cloudEventBatch, cloudEventBodies } from '../support/exports/cloudevents.js';
import { commandedRows } from '../support/exports/commanded.js';
import { atomEventReadEntries, atomFeedPage } from '../support/exports/eventstoredb-atom.js';
import { martenRows } from '../support/exports/marten.js';
import { messageDbRows } from '../support/exports/message-db.js';
import { workflowHistory } from '../support/exports/temporal-history.js';
import { writeEmmett } from '../support/stores/emmett.js';
import { newCipherKey, writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { writeEventuous } from '../support/stores/eventuous.js';
import { writeHallgren } from '../support/stores/hallgren-eventsourcing.js';
import { writeNEventStore } from '../support/stores/neventstore.js';
import { writeRailsEventStore } from '../support/stores/rails-event-store.js';
import { writeSqlStreamStore } from '../support/stores/sql-stream-store.js';
import {
  applyBytes,
  applyJson,
  applyPage,
  applySql,
  byteMutation,
  jsonMutation,
  pageMutation,
  pageSize,
  serialize,
  sqlMutation,
} from '../support/fuzz-mutations.js';
import type { ByteMutation, JsonMutation, PageMutation, SqlMutation } from '../support/fuzz-mutations.js';

/** 60 runs for each of the 27 journals: about 26 s for the file on 2 cores. */
const RUNS = Number(process.env.EVENTLENS_FUZZ_RUNS ?? 60);
/** Generous for one property on a loaded machine (a run is 0.1–0.5 s; one with a hostile payload in every row, seconds). */
const PROPERTY_TIMEOUT_MS = 60_000 + RUNS * 3000;
/**
 * A reader stuck in a synchronous loop blocks the timer that would report it, so fast-check never gets to print the
 * counterexample: EVENTLENS_FUZZ_TRACE=1 prints each run's mutations before it starts.
 */
const TRACE = process.env.EVENTLENS_FUZZ_TRACE === '1';
const trace = (name: string, run: unknown) => {
  if (TRACE) process.stderr.write(`${name}: ${JSON.stringify(run, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v))}\n`);
};
/**
 * A run that takes longer than this is a hang. A store whose every row holds a payload nested 100,000 levels deep
 * takes 6 s on an idle machine here (each event's payload is parsed and found too deep for each question asked):
 * slow, not a hang, and more than 10 s on a busy CI machine.
 */
const RUN_LIMIT_MS = 45_000;
/** The longest stream name a request may carry (shared/requests.ts). */
const MAX_REQUEST_TEXT = 4096;

const folder = tempFolder('eventlens-fuzz-formats-');
const bases = join(folder.path, 'bases');
const runs = join(folder.path, 'runs');
const caches = tempFolder('eventlens-fuzz-formats-cache-');

// ---------------------------------------------------------------------------------------------------------------
// The formats, each from a valid journal

interface JsonCase {
  kind: 'json';
  name: string;
  format: string;
  container: 'array' | 'lines' | 'object';
  /** The parsed document: the records for 'array' and 'lines', the whole object for 'object'. */
  document: () => unknown;
}

interface SqliteCase {
  kind: 'sqlite';
  name: string;
  /** The format opened, or the error code the valid journal is refused with (a missing or wrong key). */
  expected: { format: string } | { refused: string };
  write: (path: string) => unknown;
  /** The tables row mutations go to (the store's own; any table where none is there). */
  tables: string[];
  cipherKey?: string;
}

let written = 0;
/** The document a fixture writer puts in a file, parsed back. */
const parsed = (write: (path: string) => string) => () => JSON.parse(readFileSync(write(join(bases, `document-${written++}.json`)), 'utf8')) as unknown;
const bodies = () => cloudEventBatch(cloudEventBodies(BANK_EVENTS));

const JSON_CASES: JsonCase[] = [
  { kind: 'json', name: 'json (array, common field names)', format: 'json', container: 'array', document: parsed((p) => writeJsonArray(p, BANK_EVENTS)) },
  {
    kind: 'json',
    name: 'ndjson',
    format: 'ndjson',
    container: 'lines',
    document: () => readFileSync(writeNdjson(join(bases, 'bank.ndjson'), BANK_EVENTS), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown),
  },
  { kind: 'json', name: 'cloudevents (one event)', format: 'cloudevents', container: 'object', document: () => bodies()[0] },
  { kind: 'json', name: 'cloudevents (batch)', format: 'cloudevents', container: 'array', document: bodies },
  { kind: 'json', name: 'cloudevents (NDJSON)', format: 'cloudevents', container: 'lines', document: bodies },
  { kind: 'json', name: 'eventstoredb-atom (feed page)', format: 'eventstoredb-atom', container: 'object', document: () => atomFeedPage(BANK_EVENTS) },
  { kind: 'json', name: 'eventstoredb-atom (event reads, NDJSON)', format: 'eventstoredb-atom', container: 'lines', document: () => atomEventReadEntries(BANK_EVENTS) },
  { kind: 'json', name: 'temporal-history (raw payloads)', format: 'temporal-history', container: 'object', document: () => workflowHistory({ workflowId: 'transfer-1', rawPayloads: true }) },
  { kind: 'json', name: 'marten rows', format: 'marten', container: 'array', document: () => martenRows(BANK_EVENTS) },
  { kind: 'json', name: 'message-db rows (JSON as text, NDJSON)', format: 'message-db', container: 'lines', document: () => messageDbRows(BANK_EVENTS, { jsonAsText: true }) },
  { kind: 'json', name: 'commanded rows (bytea)', format: 'commanded', container: 'array', document: () => commandedRows(BANK_EVENTS) },
  { kind: 'json', name: 'axon rows (XStream, NDJSON)', format: 'axon', container: 'lines', document: () => axonRows(BANK_EVENTS, { serializer: 'xstream' }) },
  { kind: 'json', name: 'axon rows (Jackson, bytea, snake_case)', format: 'axon', container: 'array', document: () => axonRows(BANK_EVENTS, { asBytea: true, snakeCase: true }) },
];

const key = newCipherKey();
const PYTHON_TABLES = ['stored_events', 'stored_snapshots'];
const SQLITE_CASES: SqliteCase[] = [
  { kind: 'sqlite', name: 'eventsourcing-python (plain)', expected: { format: 'eventsourcing-python' }, write: (p) => writeEventsourcingPython(p), tables: PYTHON_TABLES },
  { kind: 'sqlite', name: 'eventsourcing-python (zlib)', expected: { format: 'eventsourcing-python' }, write: (p) => writeEventsourcingPython(p, { compress: true }), tables: PYTHON_TABLES },
  {
    kind: 'sqlite',
    name: 'eventsourcing-python (zlib + AES-GCM, with its key)',
    expected: { format: 'eventsourcing-python' },
    write: (p) => writeEventsourcingPython(p, { compress: true, cipherKey: key }),
    tables: PYTHON_TABLES,
    cipherKey: key,
  },
  { kind: 'sqlite', name: 'eventsourcing-python (encrypted, no key)', expected: { refused: 'encrypted' }, write: (p) => writeEventsourcingPython(p, { cipherKey: key }), tables: PYTHON_TABLES },
  {
    kind: 'sqlite',
    name: 'eventsourcing-python (encrypted, wrong key)',
    expected: { refused: 'encrypted' },
    write: (p) => writeEventsourcingPython(p, { compress: true, cipherKey: key }),
    tables: PYTHON_TABLES,
    cipherKey: newCipherKey(),
  },
  {
    kind: 'sqlite',
    name: 'eventsourcing-python (aggregate recorder, WITHOUT ROWID)',
    expected: { format: 'eventsourcing-python' },
    write: (p) => writeEventsourcingPython(p, { aggregateRecorder: true }),
    tables: PYTHON_TABLES,
  },
  {
    kind: 'sqlite',
    name: 'rails-event-store (YAML)',
    expected: { format: 'rails-event-store' },
    write: (p) => writeRailsEventStore(p, 'yaml'),
    tables: ['event_store_events', 'event_store_events_in_streams'],
  },
  {
    kind: 'sqlite',
    name: 'rails-event-store (JSON)',
    expected: { format: 'rails-event-store' },
    write: (p) => writeRailsEventStore(p, 'json'),
    tables: ['event_store_events', 'event_store_events_in_streams'],
  },
  { kind: 'sqlite', name: 'emmett', expected: { format: 'emmett' }, write: (p) => writeEmmett(p), tables: ['emt_messages', 'emt_streams'] },
  { kind: 'sqlite', name: 'eventuous', expected: { format: 'eventuous' }, write: (p) => writeEventuous(p), tables: ['eventuous_messages', 'eventuous_streams'] },
  { kind: 'sqlite', name: 'sql-stream-store', expected: { format: 'sql-stream-store' }, write: (p) => writeSqlStreamStore(p), tables: ['messages', 'streams'] },
  { kind: 'sqlite', name: 'neventstore', expected: { format: 'neventstore' }, write: (p) => writeNEventStore(p), tables: ['Commits'] },
  { kind: 'sqlite', name: 'hallgren-eventsourcing', expected: { format: 'hallgren-eventsourcing' }, write: (p) => writeHallgren(p), tables: ['events'] },
  { kind: 'sqlite', name: 'sqlite (generic events table, WAL mode)', expected: { format: 'sqlite' }, write: (p) => writeSqlite(p, BANK_EVENTS), tables: ['events'] },
];

// ---------------------------------------------------------------------------------------------------------------
// Opening a journal through the service, and what must hold of the outcome

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Messages that are an exception's, not a reader's: a crash caught and shown as a finding is still a crash. */
const CRASH_TEXT = /TypeError|RangeError|ReferenceError|Cannot read propert|Cannot convert|is not a function|is not iterable|Invalid time value|Invalid array length|Invalid string length/;
/** zlib's own messages: a damaged gzip may stop the reading, with a finding saying so. */
const ZLIB_TEXT = /unexpected end of file|incorrect header check|incorrect data check|incorrect length check|invalid (block type|distance|stored block|code|literal|bit length|window size|distances set)|too many length or distance symbols|unknown (compression method|header flags)|header crc mismatch|trailing garbage/;

/** Why a reading stopped early, as a read-failed finding (or a refusal built from one) words it. */
const STOPPED = /could not be read to the end \((.*)\); the \d+ events before/;

/** SQLite's own messages for a damaged database: reading stops at the damage, the events before it are kept. */
const SQLITE_DAMAGE_TEXT = /^(database disk image is malformed|file is not a database|disk I\/O error)$/;

/**
 * "Could not be read to the end" is for a file that vanished, a gzip that broke or a SQLite page damaged: a file
 * staying on disk gets one only when a reader threw, a gzip one only for zlib's own reasons, a SQLite one for SQLite's.
 */
function checkStopped(message: string, gzip: boolean): void {
  const reason = STOPPED.exec(message)?.[1];
  if (reason === undefined || SQLITE_DAMAGE_TEXT.test(reason)) return;
  expect(gzip, `a plain file stopped being read: ${message}`).toBe(true);
  expect(reason).toMatch(ZLIB_TEXT);
}

function checkFindings(findings: readonly { kind: string; message: string }[], gzip: boolean): void {
  for (const finding of findings) {
    // Stack overflows on payloads nested too deeply are a designed outcome, named as such.
    if (finding.kind === 'too-deep') continue;
    expect(finding.message, `finding ${finding.kind}`).not.toMatch(CRASH_TEXT);
    if (finding.kind === 'read-failed') checkStopped(finding.message, gzip);
  }
}

function checkRefusal(error: unknown, path: string, gzip: boolean): string {
  if (!(error instanceof JournalError)) throw error;
  expect(typeof error.code).toBe('string');
  expect(error.code.length).toBeGreaterThan(0);
  expect(error.message).toContain(basename(path));
  // A reader's exception turned into the refusal's reason ("No events could be read. … could not be read to the end
  // (Cannot convert …)").
  expect(error.message).not.toMatch(CRASH_TEXT);
  checkStopped(error.message, gzip);
  return error.code;
}

/** What a run came to, for the tally printed at the end of each format. */
type Outcome = 'opened' | `opened, then refused ${string}` | `refused:${string}`;

async function exercise(service: JournalService, path: string, cipherKey: string | undefined, gzip: boolean): Promise<Outcome> {
  let summary;
  try {
    summary = await service.openJournal({ path, ...(cipherKey && { cipherKey }) });
  } catch (error) {
    return `refused:${checkRefusal(error, path, gzip)}`;
  }
  expect(typeof summary.format).toBe('string');
  expect(Number.isSafeInteger(summary.events) && summary.events >= 0).toBe(true);
  checkFindings(summary.findings, gzip);
  expect(await service.summary()).toEqual(summary);
  const streams = await service.streams();
  // A question about an open journal may be refused too (a JournalError: a store read in place meets a damaged page
  // only when a query reads it), never answered with another exception.
  const refusals: string[] = [];
  const ask = async (what: string, question: () => Promise<unknown>) => {
    try {
      await question();
    } catch (error) {
      if (!(error instanceof JournalError)) throw error;
      expect(error.code.length).toBeGreaterThan(0);
      expect(error.message).not.toMatch(CRASH_TEXT);
      refusals.push(`${what}:${error.code}`);
    }
  };
  await ask('events', async () => {
    const page = await service.events({ limit: 25 });
    expect(page.total).toBe(summary.events);
  });
  await ask('rates', () => service.rates({}));
  // A stream named with more text than the API takes (shared/requests.ts) is listed but cannot be asked about.
  const first = streams.find((stream) => stream.stream.length <= MAX_REQUEST_TEXT);
  if (first !== undefined) {
    await ask('replayAt', () => service.replayAt({ stream: first.stream, count: first.events }));
    await ask('replayAt', () => service.replayAt({ stream: first.stream, count: 1 }));
    await ask('events', () => service.events({ stream: first.stream, limit: 25 }));
  }
  await ask('audit', async () => {
    const audit = await service.audit();
    expect(Array.isArray(audit.findings)).toBe(true);
    checkFindings(audit.findings, gzip);
  });
  await service.settled();
  return refusals.length === 0 ? 'opened' : `opened, then refused ${refusals.join(' ')}`;
}

/**
 * The work, or an error once it has run RUN_LIMIT_MS. A reader stuck in synchronous code holds the timer back too:
 * work that does finish after the limit is a hang all the same (one that never finishes needs EVENTLENS_FUZZ_TRACE).
 */
async function withinLimit<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${RUN_LIMIT_MS / 1000} s (a hang)`)), RUN_LIMIT_MS);
  });
  const started = performance.now();
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    const took = performance.now() - started;
    if (took > RUN_LIMIT_MS) throw new Error(`${what} took ${(took / 1000).toFixed(1)} s (a hang)`);
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Writes the journal, opens it, and checks everything the property asks; returns the outcome. */
async function runOnce(service: JournalService, path: string, bytes: Buffer, cipherKey: string | undefined, gzip: boolean): Promise<Outcome> {
  writeFileSync(path, bytes);
  const before = sha256(path);
  try {
    const outcome = await withinLimit(exercise(service, path, cipherKey, gzip), `${basename(path)}`);
    // Rejections nobody awaited surface a turn later.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled.map(String), 'unhandled rejections').toEqual([]);
    expect(sha256(path), 'the journal was written to').toBe(before);
    for (const beside of ['-wal', '-shm', '-journal']) expect(existsSync(path + beside), `${beside} file beside the journal`).toBe(false);
    return outcome;
  } finally {
    unhandled.length = 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The properties

beforeAll(async () => {
  mkdirSync(bases);
  mkdirSync(runs);
  for (const [i, c] of SQLITE_CASES.entries()) await c.write(join(bases, `store-${i}.sqlite`));
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  folder.remove();
  caches.remove();
});

function newService(): JournalService {
  return new JournalService({ samplePath: join(folder.path, 'none'), cacheDir: caches.path });
}

/** EVENTLENS_FUZZ_TALLY=1 prints how each format's runs came out (opened, refused and why). */
function tally(name: string, outcomes: Outcome[]): void {
  if (process.env.EVENTLENS_FUZZ_TALLY !== '1' && !TRACE) return;
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  process.stderr.write(`${name}: ${[...counts].map(([o, n]) => `${o} ${n}`).join(', ')}\n`);
}

/** Mutated journals that all fail to open would leave the questions asked after an open untried. */
function expectSomeOpened(outcomes: Outcome[]): void {
  expect(outcomes.filter((outcome) => outcome.startsWith('opened')).length, 'runs that opened').toBeGreaterThan(0);
}

interface JsonRun {
  edits: JsonMutation[];
  gzip: boolean;
  /** Byte mutations after gzip (of the compressed bytes) or of the text. */
  bytes: ByteMutation[];
}
const jsonRun: fc.Arbitrary<JsonRun> = fc
  .record({ edits: fc.array(jsonMutation, { maxLength: 3 }), gzip: fc.boolean(), bytes: fc.array(byteMutation, { maxLength: 3 }) })
  .filter((run) => run.edits.length + run.bytes.length > 0);

describe.each(JSON_CASES)('$name, mutated', (format) => {
  const base = () => structuredClone(format.document());
  let document: unknown;
  beforeAll(() => {
    document = base();
  });

  it('opens as its format unmutated, plain and gzip-compressed', async () => {
    const service = newService();
    try {
      for (const gzip of [false, true]) {
        const path = join(runs, `${format.format}-valid${gzip ? '.gz' : ''}`);
        const text = serialize(structuredClone(document), format.container);
        writeFileSync(path, gzip ? gzipSync(text) : text);
        const summary = await service.openJournal({ path });
        expect(summary.format).toBe(format.format);
        expect(summary.events).toBeGreaterThan(0);
        expect(summary.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      }
    } finally {
      await service.close();
    }
  });

  it('answers, or refuses with a JournalError naming the file (property)', async () => {
    const service = newService();
    const outcomes: Outcome[] = [];
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(jsonRun, async (run) => {
          trace(format.name, run);
          const changed = structuredClone(document);
          for (const edit of run.edits) applyJson(changed, edit);
          let bytes = serialize(changed, format.container);
          if (run.gzip) bytes = gzipSync(bytes);
          for (const mutation of run.bytes) bytes = applyBytes(bytes, mutation);
          const path = join(runs, `${format.format}-${n++}${run.gzip ? '.gz' : '.json'}`);
          try {
            outcomes.push(await runOnce(service, path, bytes, undefined, bytes[0] === 0x1f && bytes[1] === 0x8b));
          } finally {
            rmSync(path, { force: true });
          }
        }),
        // Not shrunk: a hang left running in the background slows every later run past the limit, so shrinking one
        // would go on until the test's own timeout and print nothing; the run as found (and its seed) is reported.
        { numRuns: RUNS, endOnFailure: true },
      );
      expectSomeOpened(outcomes);
    } finally {
      await service.close();
      tally(format.name, outcomes);
    }
  }, PROPERTY_TIMEOUT_MS);
});

interface SqliteRun {
  rows: SqlMutation[];
  pages: PageMutation[];
  bytes: ByteMutation[];
}
const sqliteRun: fc.Arbitrary<SqliteRun> = fc
  .record({
    rows: fc.array(sqlMutation, { maxLength: 3 }),
    pages: fc.array(pageMutation, { maxLength: 2 }),
    bytes: fc.oneof({ weight: 4, arbitrary: fc.constant<ByteMutation[]>([]) }, fc.array(byteMutation, { maxLength: 2 })),
  })
  .filter((run) => run.rows.length + run.pages.length + run.bytes.length > 0);

describe.each(SQLITE_CASES.map((c, i) => ({ ...c, index: i })))('$name, mutated', (format) => {
  const basePath = () => join(bases, `store-${format.index}.sqlite`);

  it('opens as its format unmutated (or is refused as the format refuses it)', async () => {
    const service = newService();
    const path = join(runs, `store-${format.index}-valid.sqlite`);
    copyFileSync(basePath(), path);
    try {
      const opening = service.openJournal({ path, ...(format.cipherKey && { cipherKey: format.cipherKey }) });
      if ('format' in format.expected) {
        const summary = await opening;
        expect(summary.format).toBe(format.expected.format);
        expect(summary.events).toBeGreaterThan(0);
      } else {
        await expect(opening).rejects.toMatchObject({ code: format.expected.refused });
      }
    } finally {
      await service.close();
    }
  });

  it('answers, or refuses with a JournalError naming the file (property)', async () => {
    const service = newService();
    const outcomes: Outcome[] = [];
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(sqliteRun, async (run) => {
          trace(format.name, run);
          const path = join(runs, `store-${format.index}-${n++}.sqlite`);
          copyFileSync(basePath(), path);
          try {
            if (run.rows.length > 0) applySql(path, run.rows, format.tables);
            let bytes: Buffer = readFileSync(path);
            const size = pageSize(bytes);
            for (const mutation of run.pages) bytes = applyPage(bytes, mutation, size);
            for (const mutation of run.bytes) bytes = applyBytes(bytes, mutation);
            outcomes.push(await runOnce(service, path, bytes, format.cipherKey, false));
          } finally {
            for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
          }
        }),
        // Not shrunk: a hang left running in the background slows every later run past the limit, so shrinking one
        // would go on until the test's own timeout and print nothing; the run as found (and its seed) is reported.
        { numRuns: RUNS, endOnFailure: true },
      );
      if ('format' in format.expected) expectSomeOpened(outcomes);
    } finally {
      await service.close();
      tally(format.name, outcomes);
    }
  }, PROPERTY_TIMEOUT_MS);
});
