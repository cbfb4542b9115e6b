// The conformance corpus: exports written by real event stores (../shared/corpus beside the repository), each opened
// through the journal service, as the app, the CLI and the browser host open a journal, and held to what
// MANIFEST.json says of it (the corpus README explains each key).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuditFinding, AuditResult } from '../../shared/audit.js';
import type { Json, JournalEvent, JournalSummary } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);
const folder = fileURLToPath(CORPUS);
/** The corpus's own files, not exports. */
const NOT_EXPORTS = new Set(['MANIFEST.json', 'README.md']);
const TIMEOUT = 30_000;
/** Events per page, as the CLI's `events` command fetches them. */
const PAGE = 5000;
/** What a Temporal binary history must be refused with, when no reader claims it. */
const TEMPORAL_JSON_COMMAND = 'temporal workflow show --output json';

// Strict: a key this test does not know would be an expectation nobody checks.
const check = z.strictObject({
  event: z.number().int().min(1),
  id: z.string().optional(),
  dataContains: z.record(z.string(), z.json()).optional(),
  dataContainsValue: z.json().optional(),
  metadataContainsValue: z.json().optional(),
});
const entrySchema = z.strictObject({
  format: z.string().optional(),
  events: z.number().int().min(0),
  streams: z.number().int().min(0).optional(),
  stream: z.string().optional(),
  firstVersion: z.number().int().optional(),
  lastVersion: z.number().int().optional(),
  firstType: z.string().optional(),
  lastType: z.string().optional(),
  firstTime: z.string().optional(),
  checks: z.array(check).default([]),
  chainVerifiedUpTo: z.number().int().min(1).optional(),
  bodiesIncluded: z.boolean().optional(),
  finalState: z.json().optional(),
  noWarnings: z.boolean().optional(),
  note: z.string().optional(),
});
type Entry = z.output<typeof entrySchema>;
type Check = z.output<typeof check>;

/** The manifest, or why there is none: a missing corpus fails the run (CI must not pass without it), never skips. */
function loadManifest(): Record<string, Entry> | string {
  const file = join(folder, 'MANIFEST.json');
  if (!existsSync(file)) return `The conformance corpus is missing: looked for ${file} (the corpus folder is ${folder}).`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `${file} could not be read as JSON: ${(error as Error).message}`;
  }
  const parsed = z.record(z.string(), entrySchema).safeParse(json);
  return parsed.success ? parsed.data : `${file} is not as this test reads it: ${z.prettifyError(parsed.error)}`;
}

/** Every export in the corpus, as manifest paths ("temporal/parentWF.json"). */
function exportsInCorpus(): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(folder, path)).isFile())
    .map((path) => path.split(/[\\/]/).join('/'))
    .filter((path) => !NOT_EXPORTS.has(path))
    .sort();
}

/** Objects match when every expected key matches, arrays when as long and matching item by item, the rest when equal. */
function matches(actual: Json | undefined, expected: Json): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matches(actual[i], item));
  if (actual === null || actual === undefined || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([key, value]) => Object.hasOwn(actual, key) && matches(actual[key], value));
}

/** The value itself, or any value nested in it, matches. */
function containsValue(actual: Json, expected: Json): boolean {
  if (matches(actual, expected)) return true;
  if (actual === null || typeof actual !== 'object') return false;
  return (Array.isArray(actual) ? actual : Object.values(actual)).some((value) => containsValue(value, expected));
}

const preview = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
};

const listFindings = (findings: AuditFinding[]) => findings.map((f) => `  ${f.severity} ${f.kind}: ${f.message}`).join('\n') || '  (none listed)';

/** The Atom-page finding: the entries were read without ?embed=body, so their data and metadata are not in the file. */
const saysBodiesMissing = (finding: AuditFinding) =>
  finding.message.includes('embed=body') && /\bbod(y|ies)\b/i.test(finding.message) && /\b(not|no|without|missing|absent)\b/i.test(finding.message);

const caches = tempFolder('eventlens-corpus-cache-');
const services: JournalService[] = [];

/** One corpus file, opened once (on first use) and asked each question once. */
class CorpusJournal {
  private opening: Promise<{ service: JournalService; summary: JournalSummary }> | undefined;
  private auditing: Promise<AuditResult> | undefined;
  private globalEvents: Promise<JournalEvent[]> | undefined;

  constructor(readonly path: string) {}

  /** Resolves to the open error instead of rejecting, for the file whose refusal is itself the expectation. */
  async outcome(): Promise<{ service: JournalService; summary: JournalSummary } | { error: Error }> {
    return this.open().catch((error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }));
  }

  async open(): Promise<{ service: JournalService; summary: JournalSummary }> {
    this.opening ??= (async () => {
      const service = new JournalService({ samplePath: this.path, cacheDir: caches.path });
      services.push(service);
      return { service, summary: await service.openJournal({ path: this.path }) };
    })();
    return this.opening;
  }

  async service(): Promise<JournalService> {
    return (await this.open()).service;
  }

  async summary(): Promise<JournalSummary> {
    return (await this.open()).summary;
  }

  /** What `eventlens audit` reports: the service's audit, reader findings included. */
  async audit(): Promise<AuditResult> {
    this.auditing ??= this.service().then((service) => service.audit());
    return this.auditing;
  }

  /** Every event in global (position) order, with the digest the service gives each. */
  async events(): Promise<JournalEvent[]> {
    this.globalEvents ??= this.pages({});
    return this.globalEvents;
  }

  /** One stream's events in version order. */
  async streamEvents(stream: string): Promise<JournalEvent[]> {
    return this.pages({ stream });
  }

  private async pages(filter: { stream?: string }): Promise<JournalEvent[]> {
    const service = await this.service();
    const events: JournalEvent[] = [];
    for (;;) {
      const page = await service.events({ ...filter, offset: events.length, limit: PAGE });
      events.push(...page.events);
      if (page.events.length === 0 || events.length >= page.total) return events;
    }
  }
}

afterAll(async () => {
  for (const service of services) {
    await service.settled().catch(() => {});
    await service.close();
  }
  caches.remove();
}, TIMEOUT);

const manifest = loadManifest();

if (typeof manifest === 'string') {
  describe('conformance corpus', () => {
    it('is where the test looks for it', () => {
      throw new Error(manifest);
    });
  });
} else {
  describe('conformance corpus', () => {
    it('has a manifest entry for every file in the corpus', () => {
      expect(exportsInCorpus().filter((path) => !Object.hasOwn(manifest, path))).toEqual([]);
    });
    it('holds every file the manifest lists', () => {
      expect(Object.keys(manifest).filter((path) => !existsSync(join(folder, ...path.split('/'))))).toEqual([]);
    });
  });

  for (const [path, entry] of Object.entries(manifest)) describeEntry(path, entry);
}

function describeEntry(path: string, entry: Entry): void {
  const journal = new CorpusJournal(join(folder, ...path.split('/')));
  const test = (name: string, body: () => Promise<void>) => it(name, { timeout: TIMEOUT }, body);

  /**
   * The journal's service, or null for a file that carries no format (unsupported/) and was refused as it should
   * be: its refusal is judged by its own test, and there is nothing to diff or digest.
   */
  const openedUnlessRefused = async (): Promise<JournalService | null> => {
    const outcome = await journal.outcome();
    if ('error' in outcome) {
      if (entry.format === undefined && refusesAsTemporal(outcome.error.message)) return null;
      throw outcome.error;
    }
    return outcome.service;
  };

  describe(path, () => {
    if (entry.format === undefined) {
      test(`events: opens with its ${entry.events} events, or refuses naming Temporal and \`${TEMPORAL_JSON_COMMAND}\``, async () => {
        const outcome = await journal.outcome();
        if ('error' in outcome) {
          expect(outcome.error.message).toMatch(/\bTemporal\b/);
          expect(outcome.error.message).toContain(TEMPORAL_JSON_COMMAND);
        } else {
          expect(outcome.summary.events, `opened as ${outcome.summary.format}`).toBe(entry.events);
        }
      });
    } else {
      const format = entry.format;
      test('format', async () => {
        expect((await journal.summary()).format).toBe(format);
      });

      test('events, streams', async () => {
        const summary = await journal.summary();
        const listed = await (await journal.service()).streams({});
        const expected = { events: entry.events, ...(entry.streams !== undefined && { streams: entry.streams, listedStreams: entry.streams }) };
        const actual = { events: summary.events, ...(entry.streams !== undefined && { streams: summary.streams, listedStreams: listed.length }) };
        expect(actual, `counted ${preview(actual)}`).toEqual(expected);
      });
    }

    if (entry.stream !== undefined || entry.firstVersion !== undefined || entry.lastVersion !== undefined) {
      test('stream, firstVersion, lastVersion', async () => {
        const streams = await (await journal.service()).streams({});
        const found = entry.stream === undefined ? (streams.length === 1 ? streams[0] : undefined) : streams.find((s) => s.stream === entry.stream);
        expect(found, `stream ${entry.stream ?? '(the only one)'} among ${preview(streams.map((s) => s.stream))}`).toBeDefined();
        expect(found, `listed ${preview(found)}`).toMatchObject({
          ...(entry.stream !== undefined && { stream: entry.stream }),
          ...(entry.firstVersion !== undefined && { firstVersion: entry.firstVersion }),
          ...(entry.lastVersion !== undefined && { lastVersion: entry.lastVersion }),
        });
      });
    }

    if (entry.firstType !== undefined || entry.lastType !== undefined) {
      test('firstType, lastType', async () => {
        // Stream order: one stream's lowest and highest version; across several streams, the global order's ends.
        const streams = await (await journal.service()).streams({});
        const ordered = streams.length === 1 ? await journal.streamEvents(streams[0]!.stream) : await journal.events();
        expect(ordered.length, 'events in stream order').toBeGreaterThan(0);
        const actual = {
          ...(entry.firstType !== undefined && { firstType: ordered[0]?.type }),
          ...(entry.lastType !== undefined && { lastType: ordered.at(-1)?.type }),
        };
        expect(actual, `read ${preview(actual)}`).toEqual({
          ...(entry.firstType !== undefined && { firstType: entry.firstType }),
          ...(entry.lastType !== undefined && { lastType: entry.lastType }),
        });
      });
    }

    if (entry.firstTime !== undefined) {
      const firstTime = entry.firstTime;
      test('firstTime', async () => {
        const first = (await journal.events())[0];
        expect(first, 'a first event').toBeDefined();
        expect(first!.time, `the first event (position ${first!.position}) has a time`).not.toBeNull();
        // To the millisecond: the file may write nanoseconds, an ISO time in JavaScript holds milliseconds.
        expect(new Date(Date.parse(first!.time!)).toISOString()).toBe(new Date(Date.parse(firstTime)).toISOString());
      });
    }

    entry.checks.forEach((item, i) => {
      const keys = Object.keys(item).filter((key) => key !== 'event');
      test(`checks[${i}]: event ${item.event} ${keys.join(', ')}`, async () => {
        // `event` counts in global (position) order. The README says "file order", but the manifest means position
        // order: rooset-aggregate-0forward20.json lists its entries newest first, and its event 1 is eventNumber 0
        // ({"value": "10"}), the last entry in the file.
        const events = await journal.events();
        expect(events.length, `event ${item.event} exists`).toBeGreaterThanOrEqual(item.event);
        checkEvent(events[item.event - 1]!, item);
      });
    });

    if (entry.chainVerifiedUpTo !== undefined) {
      const n = entry.chainVerifiedUpTo;
      test('chainVerifiedUpTo', async () => {
        const [audit, events] = await Promise.all([journal.audit(), journal.events()]);
        expect(events.length, `event ${n} exists`).toBeGreaterThanOrEqual(n);
        expect(audit.chain, `a hash chain check; findings:\n${listFindings(audit.findings)}`).not.toBeNull();
        expect(audit.chain, `chain ${preview(audit.chain)}`).toEqual({ events: n, verifiedUpTo: events[n - 1]!.position, brokenAt: null });
      });
    }

    if (entry.bodiesIncluded !== undefined) {
      const included = entry.bodiesIncluded;
      test(`bodiesIncluded: ${included}`, async () => {
        const audit = await journal.audit();
        const saying = audit.findings.filter(saysBodiesMissing);
        if (included) expect(saying, 'no finding says the bodies are missing').toEqual([]);
        else expect(saying.filter((f) => f.severity === 'info'), `an info finding saying the bodies are not in the file (embed=body); findings:\n${listFindings(audit.findings)}`).not.toEqual([]);
      });
    }

    if (entry.finalState !== undefined) {
      const finalState = entry.finalState;
      test('finalState', async () => {
        const service = await journal.service();
        const streams = await service.streams({});
        expect(streams.map((s) => s.stream), 'one stream').toHaveLength(1);
        // As `eventlens replay FILE --stream S --json` computes it: the service's replay, merge-patch by default.
        const result = await service.replay({ stream: streams[0]!.stream });
        expect(result.failure, 'the replay does not fail').toBeUndefined();
        expect(result.state, `replayed ${preview(result.state)}`).toEqual(finalState);
      });
    }

    if (entry.noWarnings === true) {
      test('noWarnings', async () => {
        // The counts cover every finding, the reader's (from opening the file) and the audit's, listed or not.
        const audit = await journal.audit();
        const serious = audit.counts.filter((count) => count.severity !== 'info');
        expect(serious, `findings:\n${listFindings(audit.findings)}`).toEqual([]);
      });
    }

    test('diff with itself: identical', async () => {
      const service = await openedUnlessRefused();
      if (service === null) return;
      // `eventlens diff FILE FILE`: the service opens the file again and runs compareJournals (electron/audit/compare.ts).
      const comparison = await service.compare({ path: journal.path });
      expect(comparison.identical, `differences: ${preview(comparison.differences)}`).toBe(true);
    });

    test('digest: every event has a SHA-256', async () => {
      if ((await openedUnlessRefused()) === null) return;
      const [summary, events] = await Promise.all([journal.summary(), journal.events()]);
      expect(events).toHaveLength(summary.events);
      const without = events.filter((event) => !/^[0-9a-f]{64}$/.test(event.digest ?? '')).map((event) => ({ position: event.position, digest: event.digest }));
      expect(without).toEqual([]);
    });
  });
}

function refusesAsTemporal(message: string): boolean {
  return /\bTemporal\b/.test(message) && message.includes(TEMPORAL_JSON_COMMAND);
}

function checkEvent(event: JournalEvent, item: Check): void {
  const where = `event ${item.event} (position ${event.position}, ${event.stream} v${event.version}, ${event.type})`;
  if (item.id !== undefined) expect(event.id, `${where} id`).toBe(item.id);
  if (item.dataContains !== undefined) {
    expect(matches(event.data, item.dataContains), `${where}: data ${preview(event.data)} contains ${preview(item.dataContains)}`).toBe(true);
  }
  if (item.dataContainsValue !== undefined) {
    expect(containsValue(event.data, item.dataContainsValue), `${where}: data ${preview(event.data)} holds ${preview(item.dataContainsValue)}`).toBe(true);
  }
  if (item.metadataContainsValue !== undefined) {
    expect(containsValue(event.metadata, item.metadataContainsValue), `${where}: metadata ${preview(event.metadata)} holds ${preview(item.metadataContainsValue)}`).toBe(true);
  }
}
