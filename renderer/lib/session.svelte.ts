// One open journal: the selected stream and time range, and the four areas that follow them.
import type { JournalApi } from '../../shared/contract.js';
import type { JournalSummary, ReducerInfo } from '../../shared/model.js';
import { TypeColors } from './colors.js';
import { EventTable } from './event-table.svelte.js';
import { RateChart } from './rate-chart.svelte.js';
import type { TimeRange } from './rates.js';
import { Replay } from './replay.svelte.js';
import { StreamList } from './stream-list.svelte.js';

export type ErrorSink = (title: string, error: unknown) => void;

export class JournalSession {
  /** The stream the chart, the event list and the replay are narrowed to; null for the whole journal. */
  selected = $state<string | null>(null);
  /** The time range dragged on the chart; null for all time. */
  range = $state.raw<TimeRange | null>(null);

  readonly streams: StreamList;
  readonly chart: RateChart;
  readonly events: EventTable;
  readonly replay: Replay;
  /** Event type colours, shared by the chart, the table and the replay. */
  readonly colors: TypeColors;

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
  }

  start(): void {
    void this.streams.load();
    void this.chart.load();
    void this.events.load();
    this.replay.start();
  }

  select(stream: string | null): void {
    if (stream === this.selected) return;
    this.selected = stream;
    this.range = null;
    void this.chart.load();
    this.events.firstPage();
    this.replay.selectStream(stream);
  }

  /** "Replay these events": the Events area's filter becomes the replay's subject, across streams. */
  replayEvents(): void {
    this.replay.replayFilter(this.events.filter());
  }

  setRange(range: TimeRange | null): void {
    this.range = range;
    this.events.firstPage();
  }

  dispose(): void {
    this.streams.dispose();
    this.events.dispose();
    this.replay.dispose();
  }
}
