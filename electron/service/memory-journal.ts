// An opened journal held in memory with the indexes the API's queries need.
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { EventsQuery, RatesQuery, ReplayQuery, StreamsRequest } from '../../shared/requests.js';
import type { EventPage, JournalEvent, JournalSummary, RateSeries, ReplayResult, StreamSummary } from '../../shared/model.js';
import { bucketRates } from '../../shared/rates.js';
import { replayStream } from '../../shared/replay.js';
import type { LoadedJournal } from '../readers/loaded-journal.js';

export class MemoryJournal {
  /** All events in global position order. */
  private readonly events: JournalEvent[];
  /** Each stream's events in version order. */
  private readonly byStream = new Map<string, JournalEvent[]>();
  private readonly streamList: StreamSummary[];
  readonly summary: JournalSummary;

  constructor(path: string, loaded: LoadedJournal, displayName = basename(path)) {
    this.events = [...loaded.events].sort((a, b) => a.position - b.position);
    for (const event of this.events) {
      const list = this.byStream.get(event.stream);
      if (list) list.push(event);
      else this.byStream.set(event.stream, [event]);
    }
    for (const list of this.byStream.values()) list.sort((a, b) => a.version - b.version || a.position - b.position);
    this.streamList = [...this.byStream.entries()]
      .map(([stream, list]) => summarizeStream(stream, list))
      .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
    this.summary = this.summarize(path, displayName, loaded);
  }

  private summarize(path: string, name: string, loaded: LoadedJournal): JournalSummary {
    const typeCounts = new Map<string, number>();
    let firstTime: string | null = null;
    let lastTime: string | null = null;
    for (const event of this.events) {
      typeCounts.set(event.type, (typeCounts.get(event.type) ?? 0) + 1);
      if (event.time !== null) {
        if (firstTime === null || event.time < firstTime) firstTime = event.time;
        if (lastTime === null || event.time > lastTime) lastTime = event.time;
      }
    }
    const types = [...typeCounts.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
    return {
      path,
      name,
      format: loaded.format,
      events: this.events.length,
      streams: this.byStream.size,
      firstTime,
      lastTime,
      types,
      findings: loaded.findings.list,
      moreFindings: loaded.findings.overflow,
    };
  }

  streams(request: StreamsRequest): StreamSummary[] {
    const needle = request.filter?.trim().toLowerCase();
    if (!needle) return this.streamList;
    return this.streamList.filter((s) => s.stream.toLowerCase().includes(needle));
  }

  hasStream(stream: string): boolean {
    return this.byStream.has(stream);
  }

  page(request: EventsQuery): EventPage {
    const source = request.stream === undefined ? this.events : (this.byStream.get(request.stream) ?? []);
    const types = request.types && request.types.length ? new Set(request.types) : null;
    // Times are compared as ISO strings: every stored time is toISOString() output, so text order is time order.
    const from = request.from === undefined ? null : new Date(request.from).toISOString();
    const to = request.to === undefined ? null : new Date(request.to).toISOString();
    const needle = request.text?.trim().toLowerCase() || null;
    const matches =
      types === null && from === null && to === null && needle === null
        ? source
        : source.filter(
            (event) =>
              (types === null || types.has(event.type)) &&
              (from === null || (event.time !== null && event.time >= from)) &&
              (to === null || (event.time !== null && event.time < to)) &&
              (needle === null || payloadText(event).includes(needle)),
          );
    return {
      total: matches.length,
      offset: request.offset,
      events: matches.slice(request.offset, request.offset + request.limit),
    };
  }

  rates(request: RatesQuery): RateSeries {
    const source = request.stream === undefined ? this.events : this.streamEvents(request.stream);
    return bucketRates(source, request.bucket);
  }

  replay(request: ReplayQuery): ReplayResult {
    return replayStream(request.stream, this.streamEvents(request.stream), request);
  }

  private streamEvents(stream: string): JournalEvent[] {
    const list = this.byStream.get(stream);
    if (!list) {
      throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.summary.name}.`);
    }
    return list;
  }
}

function payloadText(event: JournalEvent): string {
  return (JSON.stringify(event.data) + '\u0000' + JSON.stringify(event.metadata)).toLowerCase();
}

function summarizeStream(stream: string, list: JournalEvent[]): StreamSummary {
  let firstTime: string | null = null;
  let lastTime: string | null = null;
  for (const event of list) {
    if (event.time === null) continue;
    if (firstTime === null || event.time < firstTime) firstTime = event.time;
    if (lastTime === null || event.time > lastTime) lastTime = event.time;
  }
  return {
    stream,
    events: list.length,
    firstVersion: list[0]!.version,
    lastVersion: list[list.length - 1]!.version,
    firstTime,
    lastTime,
  };
}
