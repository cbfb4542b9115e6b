// The service behind every surface: the app over IPC, the browser host over HTTP, and the CLI directly.
import { basename, resolve } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { parseRequest } from '../../shared/requests.js';
import type {
  EventsRequest,
  OpenJournalRequest,
  RatesRequest,
  ReplayRequest,
  StreamsRequest,
} from '../../shared/requests.js';
import type { JournalApi } from '../../shared/contract.js';
import type { EventPage, JournalSummary, RateSeries, ReplayResult, StreamSummary } from '../../shared/model.js';
import { readJournal } from '../readers/read-journal.js';
import { MemoryJournal } from './memory-journal.js';
import { RecentJournals } from './recent-journals.js';

export interface ServiceOptions {
  /** The sample journal shipped with the app. */
  samplePath: string;
  recent?: RecentJournals;
}

export class JournalService implements JournalApi {
  private journal: MemoryJournal | null = null;
  private readonly recentJournals: RecentJournals;

  constructor(private readonly options: ServiceOptions) {
    this.recentJournals = options.recent ?? new RecentJournals(null);
  }

  async openJournal(request: OpenJournalRequest): Promise<JournalSummary> {
    const path = resolve(parseRequest('openJournal', request).path);
    this.journal = new MemoryJournal(path, await readJournal(path));
    this.recentJournals.add(path);
    return this.journal.summary;
  }

  /** Opens a copy of a journal (an upload to the browser host): shown by its own name, not kept in the recent list. */
  async openCopy(path: string, name = basename(path)): Promise<JournalSummary> {
    this.journal = new MemoryJournal(path, await readJournal(path), name);
    return this.journal.summary;
  }

  async openSample(): Promise<JournalSummary> {
    this.journal = new MemoryJournal(this.options.samplePath, await readJournal(this.options.samplePath), 'Sample journal');
    return this.journal.summary;
  }

  async summary(): Promise<JournalSummary | null> {
    return this.journal?.summary ?? null;
  }

  async recent(): Promise<string[]> {
    return this.recentJournals.list();
  }

  async streams(request: StreamsRequest = {}): Promise<StreamSummary[]> {
    return this.open().streams(parseRequest('streams', request));
  }

  async events(request: EventsRequest = {}): Promise<EventPage> {
    return this.open().page(parseRequest('events', request));
  }

  async rates(request: RatesRequest = {}): Promise<RateSeries> {
    return this.open().rates(parseRequest('rates', request));
  }

  async replay(request: ReplayRequest): Promise<ReplayResult> {
    return this.open().replay(parseRequest('replay', request));
  }

  private open(): MemoryJournal {
    if (this.journal === null) throw new JournalError('no-journal', 'No journal is open: open a journal file or the sample first.');
    return this.journal;
  }
}
