// The CLI's commands: each opens the journal through the same service the app uses and prints one answer.
import { JournalError } from '../../shared/contract.js';
import type { Bucket, ReplayResult } from '../../shared/model.js';
import { rateRows } from '../../shared/rates.js';
import { REDUCER_KINDS } from '../../shared/reducers.js';
import type { ReducerKind } from '../../shared/reducers.js';
import type { OpenJournalRequest, ReducerSpec } from '../../shared/requests.js';
import type { JournalService } from '../service/journal-service.js';
import { printSummary } from './info-command.js';
import { printJson, say, writeJsonLine } from './output.js';
import { printReplay, reducerLabel } from './replay-text.js';

export interface CommandOptions {
  json: boolean;
  /** `events --raw`: each event with `raw`, the exact text of the record it was read from. */
  raw?: boolean;
  /** `--scan`: a live store runs filters no index serves (reading a whole table) instead of refusing them. */
  scan?: boolean;
  /** How the journal is read: the user's column map and an encrypted store's key. */
  open: Omit<OpenJournalRequest, 'path'>;
  stream?: string;
  type?: string;
  limit?: number;
  bucket?: Bucket | 'auto';
  to?: number;
  steps: boolean;
  category?: string;
  /** A built-in reducer's name (merge-patch, json-patch, snapshot) or the path of the user's reducer file. */
  reducer?: string;
  /** Built-in reducers per event type (--type-reducer TYPE=KIND). */
  typeReducers?: Record<string, ReducerKind>;
  field?: string;
}

/** Events are fetched in pages this size, so `events` on a huge journal streams instead of building one array. */
const PAGE = 5000;

export async function info(service: JournalService, file: string, options: CommandOptions): Promise<void> {
  printSummary(await service.openJournal({ path: file, ...options.open }), options.json);
}

export async function streams(service: JournalService, file: string, options: CommandOptions): Promise<void> {
  await service.openJournal({ path: file, ...options.open });
  const list = await service.streams({});
  if (options.json) return printJson(list);
  // The tabs are ours: a tab or newline inside a stream name is escaped, so it cannot shift a column or add a row.
  for (const s of list) say`${s.stream}\t${s.events}\t${s.firstVersion}..${s.lastVersion}\t${s.lastTime ?? ''}`;
}

export async function events(service: JournalService, file: string, options: CommandOptions): Promise<void> {
  await openToQuery(service, file, options);
  await requireStream(service, options.stream);
  const limit = options.limit ?? Infinity;
  let offset = 0;
  while (offset < limit) {
    const request = {
      offset,
      limit: Math.min(PAGE, limit - offset),
      ...(options.stream !== undefined && { stream: options.stream }),
      ...(options.type !== undefined && { types: [options.type] }),
      ...(options.raw && { records: true }),
    };
    const page = await service.events(request);
    for (const event of page.events) await writeJsonLine(event);
    offset += page.events.length;
    if (page.events.length === 0 || offset >= page.total) break;
  }
}

export async function rates(service: JournalService, file: string, options: CommandOptions): Promise<void> {
  await openToQuery(service, file, options);
  await requireStream(service, options.stream);
  const series = await service.rates({
    bucket: options.bucket ?? 'auto',
    ...(options.stream !== undefined && { stream: options.stream }),
  });
  // One row per bucket: what a script piping the output into jq wants, and what a person reads.
  const rows = rateRows(series);
  if (options.json) return printJson({ bucket: series.bucket, buckets: rows });
  say`bucket ${series.bucket}`;
  for (const row of rows) say`${row.start}\t${row.count}`;
}

export async function replay(service: JournalService, file: string, options: CommandOptions): Promise<void> {
  if ((options.stream === undefined) === (options.category === undefined)) {
    throw new JournalError('bad-request', 'replay needs --stream STREAM or --category CATEGORY (one of them).');
  }
  await openToQuery(service, file, options);
  await requireStream(service, options.stream);
  let reducer: ReducerSpec = { kind: 'merge-patch' };
  if (options.reducer !== undefined && (REDUCER_KINDS as readonly string[]).includes(options.reducer)) {
    reducer = { kind: options.reducer as ReducerKind };
  } else if (options.reducer !== undefined) {
    await service.loadReducer({ path: options.reducer });
    reducer = 'custom';
  }
  if (options.typeReducers && reducer !== 'custom') reducer = { ...reducer, byType: options.typeReducers };
  const result = await service.replay({
    ...(options.stream !== undefined ? { stream: options.stream } : { category: options.category! }),
    steps: options.steps,
    reducer,
    ...(options.to !== undefined && { to: options.to }),
    ...(options.field !== undefined && { field: options.field }),
  });
  if (options.json) {
    printJson(options.field !== undefined ? result.field : result);
  } else {
    const custom = reducer === 'custom';
    printReplay({
      result,
      applied: await eventsApplied(service, options, result),
      category: options.stream === undefined,
      reducer: reducerLabel(custom ? options.reducer : (reducer as { kind: string }).kind, custom ? undefined : options.typeReducers, custom),
    });
  }
  // A reducer that failed is a failed replay, for scripts: the output says where.
  if (result.failure) process.exitCode = 1;
}

/**
 * How many events the replay applied, for the heading of its text output: the steps when they were asked for, the
 * events before a failure, else the subject's events up to --to (counted from the events pages, which the replay's
 * result does not carry).
 */
async function eventsApplied(service: JournalService, options: CommandOptions, result: ReplayResult): Promise<number> {
  if (result.failure) return result.failure.count - 1;
  if (result.steps) return result.steps.length;
  const subject = options.stream !== undefined ? { stream: options.stream } : { category: options.category! };
  if (options.to === undefined) return (await service.events({ ...subject, limit: 1 })).total;
  let applied = 0;
  for (let offset = 0; ; ) {
    const page = await service.events({ ...subject, offset, limit: PAGE });
    applied += page.events.filter((event) => event.version <= options.to!).length;
    offset += page.events.length;
    if (page.events.length === 0 || offset >= page.total) return applied;
  }
}

/** Opens the journal for filtered queries: with --scan, a live store runs those that read a whole table. */
async function openToQuery(service: JournalService, file: string, options: CommandOptions): Promise<void> {
  await service.openJournal({ path: file, ...options.open });
  if (options.scan) await service.allowScans({ every: true });
}

async function requireStream(service: JournalService, stream: string | undefined): Promise<void> {
  if (stream === undefined) return;
  const summary = await service.summary();
  const known = (await service.streams({ filter: stream })).some((s) => s.stream === stream);
  if (!known) throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${summary?.name ?? 'the journal'}.`);
}
