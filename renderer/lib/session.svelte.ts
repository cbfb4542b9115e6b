// One open journal: its filters (stream, types, time range, payload text and condition) and the four areas that
// follow them. Every filter change goes through `update`, which tells each area whether its query changed.
import type { JournalApi } from '../../shared/contract.js';
import { streamMatcher } from '../../shared/stream-match.js';
import type { JournalEvent, JournalSummary, LiveStatus, ReducerInfo } from '../../shared/model.js';
import { AuditState } from './audit.svelte.js';
import type { PlaceTarget } from './audit-view.js';
import { TypeColors } from './colors.js';
import { EventTable } from './event-table.svelte.js';
import { eventsQuery, filterChips, narrowingWords, narrowsEvents, withoutChip } from './filters.js';
import { formatCount } from './format.js';
import type { Chip, Filters } from './filters.js';
import { Latest } from './latest.js';
import { LiveWatch } from './live-watch.svelte.js';
import { RateChart } from './rate-chart.svelte.js';
import type { TimeRange } from './rates.js';
import { Replay } from './replay.svelte.js';
import { isScanRefusal, ScanConsent } from './scan-consent.svelte.js';
import { SearchWatch } from './search-watch.svelte.js';
import { StreamList } from './stream-list.svelte.js';
import { subjectEvents } from './subject.js';

export type ErrorSink = (title: string, error: unknown) => void;

/** A live store's audit runs again as it grows, but at most this often: it reads every event. */
export const LIVE_AUDIT_EVERY_MS = 30_000;

const sameTypes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((type, i) => type === b[i]);
const sameRange = (a: TimeRange | null, b: TimeRange | null) => a?.from === b?.from && a?.to === b?.to;

export class JournalSession {
  /** The stream the chart, the event list and the replay are narrowed to; null for the whole journal. */
  selected = $state<string | null>(null);
  /** The time range dragged on the chart; null for all time. */
  range = $state.raw<TimeRange | null>(null);
  /** Event types the events and the stream counts are narrowed to; empty for all. */
  types = $state.raw<readonly string[]>([]);
  /** Payload text search (applied after typing pauses). */
  text = $state('');
  /** Payload field condition, as applied (the box may hold an edit not applied yet). */
  where = $state('');

  readonly streams: StreamList;
  readonly chart: RateChart;
  readonly events: EventTable;
  readonly replay: Replay;
  /** The Findings panel: the audit, a comparison with another export, the report. */
  readonly audit: AuditState;
  /**
   * Event type colours, shared by the chart, the table and the replay: fixed for the session, but for a large live
   * store opened from its stream counts, whose types arrive after (assigned once, when they do).
   */
  colors: TypeColors;
  /** How far a payload search has got, with its Cancel button. */
  readonly search: SearchWatch;
  /** A filter the live store would read a whole table for: Run anyway or Cancel, above the Events table. */
  readonly consent: ScanConsent;
  /** Tells the person what failed; a filter refused for what it would read is asked about instead (consent). */
  readonly reportError: ErrorSink;
  /** A live store's following (null for a file): new events refresh the areas in place. */
  readonly live: LiveWatch | null;
  /** The journal's counts and time span as last told: a live store's grow while it is open. */
  current: JournalSummary;

  /** When the audit was last asked for, and the ask waiting for LIVE_AUDIT_EVERY_MS to pass since then. */
  private auditedAt = 0;
  private auditTimer: ReturnType<typeof setTimeout> | null = null;
  /** Only the newest summary asked after a change is shown. */
  private readonly summaries = new Latest();
  private disposed = false;

  readonly filters: Filters = $derived.by(() => ({
    streams: this.streams.filter,
    stream: this.selected,
    types: this.types,
    range: this.range,
    text: this.text,
    where: this.where,
  }));
  readonly chips: Chip[] = $derived(filterChips(this.filters));

  constructor(
    readonly api: JournalApi,
    readonly summary: JournalSummary,
    reportError: ErrorSink,
    /** Desktop: the native dialog that picks and loads a reducer file; null in a browser. */
    chooseReducer: (() => Promise<ReducerInfo | null>) | null = null,
  ) {
    this.consent = new ScanConsent(api, () => this.rerun(), () => this.declineScan());
    this.reportError = (title, error) => (isScanRefusal(error) ? this.consent.ask(error) : reportError(title, error));
    this.colors = $state.raw(new TypeColors(summary.types));
    this.streams = new StreamList(this);
    this.chart = new RateChart(this);
    this.events = new EventTable(this);
    this.search = new SearchWatch(api, () => this.events.searching || this.chart.loading || this.streams.stale);
    this.replay = new Replay(api, chooseReducer, summary.live !== undefined);
    this.audit = new AuditState(api);
    this.current = $state.raw(summary);
    this.live = summary.live === undefined ? null : new LiveWatch(api, (status) => this.liveChanged(status));
  }

  start(): void {
    void this.streams.start();
    void this.chart.load();
    this.events.reset();
    this.replay.start();
    // The service began the audit when the journal opened; this waits for it, so the header can count findings.
    void this.audit.load();
    this.auditedAt = Date.now();
    this.live?.start();
  }

  /**
   * A live store gained events: every area asks again for the same filters and keeps what it shows (rows, selection,
   * scroll) until the answer comes; the replay learns its subject's new end; the audit runs again now and then.
   */
  private liveChanged(status: LiveStatus): void {
    const ticket = this.summaries.next();
    void this.api.summary().then(
      (summary) => {
        if (!this.disposed && this.summaries.isCurrent(ticket) && summary?.path === this.summary.path) {
          if (this.current.live?.counting && !summary.live?.counting) this.colors = new TypeColors(summary.types);
          this.current = summary;
        }
      },
      // The header keeps the counts it has; the next change asks again.
      () => {},
    );
    void this.streams.refresh(status.streams);
    void this.chart.refresh();
    this.events.refresh();
    void this.replay.liveChanged();
    this.auditLater();
  }

  private auditLater(): void {
    if (this.auditTimer !== null) return;
    const wait = Math.max(0, this.auditedAt + LIVE_AUDIT_EVERY_MS - Date.now());
    this.auditTimer = setTimeout(() => {
      this.auditTimer = null;
      this.auditedAt = Date.now();
      void this.audit.load();
    }, wait);
  }

  /**
   * Goes to a finding's place (or a difference's, in export A): a stream's version is selected and replayed there;
   * an event known only by its position is selected in the Events table.
   */
  async show(target: PlaceTarget): Promise<void> {
    if (target === null) return;
    if (target.kind === 'version') {
      const cleared = this.selectFor(target.stream, await this.hides(target));
      if (cleared.length > 0) this.events.notice = `To show ${target.stream} at version ${formatCount(target.version)}, these filters were removed: ${cleared.join(', ')}.`;
      await this.replay.showVersion(target.stream, target.version);
    } else {
      await this.events.showPosition(target.position);
    }
  }

  /** Whether the filters (but the stream chosen) would leave a finding's event out of the Events table and the chart. */
  private async hides(target: { stream: string; position: number | null }): Promise<boolean> {
    const filters = { ...this.filters, stream: target.stream };
    if (!narrowsEvents({ ...filters, stream: null })) return false;
    // Without a position the event cannot be looked up: any narrowing filter may hide it.
    if (target.position === null) return true;
    try {
      await this.api.events({ ...eventsQuery(filters, 0, 1), at: target.position });
      return false;
    } catch {
      return true;
    }
  }

  /**
   * Selects a finding's stream; when `clear`, without the filters that narrow its events (and a stream search that
   * leaves it out of the list). Answers the filters removed, in words.
   */
  private selectFor(stream: string, clear: boolean): string[] {
    const words = clear ? narrowingWords(this.filters) : [];
    const search = this.streams.filter.trim();
    const hidden = search !== '' && !streamMatcher(search)!(stream);
    if (hidden) words.push(`stream search ${search}`);
    this.update({ stream, ...(clear && { types: [], range: null, text: '', where: '' }), ...(hidden && { streams: '' }) });
    return words;
  }

  /**
   * An event chosen in the Events table (at row `row`): the replay goes to it when it holds it. With `pick` (Enter or a
   * double click on the row; a click while another subject is replayed) its stream is picked first when it does not,
   * and the event stays selected in the table, which then lists that stream.
   */
  async replayEvent(event: JournalEvent, row: number, pick: boolean): Promise<void> {
    const subject = this.replay.subject;
    const count = subject !== null && this.events.listsExactly(subjectEvents(subject)) ? row + 1 : null;
    if ((await this.replay.showEvent(event, count)) || !pick) return;
    this.select(event.stream);
    // The stream may be picked already while another subject (its category, a filter) is replayed.
    this.replay.selectStream(event.stream);
    await Promise.all([this.replay.showEvent(event), this.events.showPosition(event.position)]);
  }

  /**
   * Changes some filters; each area asks the service again only when its own query changed. `typing` waits for a
   * pause before asking (a search box being typed in).
   */
  update(change: Partial<Filters>, typing = false): void {
    const before = this.filters;
    const next: Filters = { ...before, ...change };
    const streamChanged = next.stream !== before.stream;
    const typesChanged = !sameTypes(next.types, before.types);
    const rangeChanged = !sameRange(next.range, before.range);
    const searchChanged = next.streams !== before.streams;
    const payloadChanged = next.text !== before.text || next.where !== before.where;

    this.selected = next.stream;
    this.types = next.types;
    this.range = next.range;
    this.text = next.text;
    this.where = next.where;
    this.streams.filter = next.streams;
    this.consent.dismiss();

    // Every filter that selects events narrows the table, the chart and the stream counts alike.
    const typed = typing && !streamChanged && !typesChanged && !rangeChanged;
    if (searchChanged || typesChanged || rangeChanged || payloadChanged) this.streams.reload(typing && !typesChanged && !rangeChanged);
    if (streamChanged || typesChanged || rangeChanged || payloadChanged) this.events.reset(typed);
    if (streamChanged || typesChanged || rangeChanged || payloadChanged) this.chart.reload(typed);
    // A search of the payloads may take seconds: its progress is shown, with a way out.
    if (payloadChanged && (next.text.trim() !== '' || next.where.trim() !== '')) this.search.watch();
    if (streamChanged) {
      this.streams.followSelection();
      this.replay.selectStream(next.stream);
    }
  }

  select(stream: string | null): void {
    if (stream !== this.selected) this.update({ stream });
  }

  setRange(range: TimeRange | null): void {
    this.update({ range });
  }

  removeChip(chip: Chip): void {
    this.update(withoutChip(this.filters, chip));
  }

  /** "Clear all": every filter a chip shows (the stream search is the stream list's own, cleared in its box). */
  clearFilters(): void {
    this.update({ stream: null, types: [], range: null, text: '', where: '' });
  }

  /** The Cancel button of a payload search: the service stops it, and the filters go back to those last answered. */
  cancelSearch(): void {
    const searched = this.filters;
    void this.search.cancel(() => {
      const back = this.events.answered;
      this.update({ types: back.types, range: back.range, text: back.text, where: back.where, stream: back.stream });
      const what = [searched.text.trim() !== '' && searched.text !== back.text ? `text ${searched.text.trim()}` : '', searched.where !== back.where ? searched.where : '']
        .filter(Boolean)
        .join(' and ');
      this.events.notice = `The search for ${what || 'these filters'} was cancelled; the filters are back as they were.`;
    });
  }

  /** Run anyway: the store now runs the filter it refused, and every area asks for it again. */
  private rerun(): void {
    this.events.reset();
    void this.chart.load();
    this.streams.reload();
  }

  /** Cancel of a refused filter: nothing runs, and the filters go back to those the Events table shows. */
  private declineScan(): void {
    const back = this.events.answered;
    const now = this.filters;
    const changed = back.stream !== now.stream || !sameTypes(back.types, now.types) || !sameRange(back.range, now.range) || back.text !== now.text || back.where !== now.where;
    this.update({ types: back.types, range: back.range, text: back.text, where: back.where, stream: back.stream });
    this.events.notice = `The filter was not run: it would read a whole table.${changed ? ' The filters are back as they were.' : ''}`;
  }

  /** "Replay these events": the Events area's filter becomes the replay's subject, across streams. */
  replayEvents(): void {
    this.replay.replayFilter(this.events.filter());
  }

  dispose(): void {
    this.disposed = true;
    this.live?.dispose();
    if (this.auditTimer !== null) clearTimeout(this.auditTimer);
    this.search.dispose();
    this.chart.dispose();
    this.streams.dispose();
    this.events.dispose();
    this.replay.dispose();
    this.audit.dispose();
  }
}
