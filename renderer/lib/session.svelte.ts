// One open journal: its filters (stream, types, time range, payload text and condition) and the four areas that
// follow them. Every filter change goes through `update`, which tells each area whether its query changed.
import type { JournalApi } from '../../shared/contract.js';
import type { JournalSummary, ReducerInfo } from '../../shared/model.js';
import { AuditState } from './audit.svelte.js';
import type { PlaceTarget } from './audit-view.js';
import { TypeColors } from './colors.js';
import { EventTable } from './event-table.svelte.js';
import { filterChips, withoutChip } from './filters.js';
import type { Chip, Filters } from './filters.js';
import { RateChart } from './rate-chart.svelte.js';
import type { TimeRange } from './rates.js';
import { Replay } from './replay.svelte.js';
import { StreamList } from './stream-list.svelte.js';

export type ErrorSink = (title: string, error: unknown) => void;

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
  /** Event type colours, shared by the chart, the table and the replay. */
  readonly colors: TypeColors;

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
    readonly reportError: ErrorSink,
    /** Desktop: the native dialog that picks and loads a reducer file; null in a browser. */
    chooseReducer: (() => Promise<ReducerInfo | null>) | null = null,
  ) {
    this.colors = new TypeColors(summary.types.map((t) => t.type));
    this.streams = new StreamList(this);
    this.chart = new RateChart(this);
    this.events = new EventTable(this);
    this.replay = new Replay(api, chooseReducer);
    this.audit = new AuditState(api);
  }

  start(): void {
    void this.streams.start();
    void this.chart.load();
    this.events.reset();
    this.replay.start();
    // The service began the audit when the journal opened; this waits for it, so the header can count findings.
    void this.audit.load();
  }

  /**
   * Goes to a finding's place (or a difference's, in export A): a stream's version is selected and replayed there;
   * an event known only by its position is selected in the Events table.
   */
  async show(target: PlaceTarget): Promise<void> {
    if (target === null) return;
    if (target.kind === 'version') {
      this.select(target.stream);
      await this.replay.showVersion(target.stream, target.version);
    } else {
      await this.events.showPosition(target.position);
    }
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

    if (searchChanged || typesChanged || rangeChanged) this.streams.reload(typing && searchChanged && !typesChanged && !rangeChanged);
    if (streamChanged || typesChanged || rangeChanged || payloadChanged) this.events.reset(typing && !streamChanged && !typesChanged && !rangeChanged);
    if (streamChanged || rangeChanged) void this.chart.load();
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

  clearFilters(): void {
    this.update({ streams: '', stream: null, types: [], range: null, text: '', where: '' });
  }

  /** "Replay these events": the Events area's filter becomes the replay's subject, across streams. */
  replayEvents(): void {
    this.replay.replayFilter(this.events.filter());
  }

  dispose(): void {
    this.streams.dispose();
    this.events.dispose();
    this.replay.dispose();
    this.audit.dispose();
  }
}
