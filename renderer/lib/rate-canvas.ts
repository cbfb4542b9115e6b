// The Event rate chart on its canvas: chart.js bars on a time axis (ms, with our own round UTC ticks), fed new bars
// whole, linear or log, and dragged to pick a time range.
import type { ChartDataset, Scale } from 'chart.js';
import { Chart, highlightPlugin, themeColors } from './chart-setup.js';
import type { TypeColors } from './colors.js';
import { formatCount, formatTimeShort } from './format.js';
import { fromWallClock, toWallClock } from './time-zone.js';
import { timeZone } from './time-zone-setting.svelte.js';
import { barName, tickLabel, timeTicks } from './rate-bars.js';
import type { RateBars } from './rate-bars.js';
import type { ChartScale, RateChart } from './rate-chart.svelte.js';
import { RateTooltip } from './rate-tooltip.js';
import { markInvisible } from './visible-text.js';

type Point = { x: number; y: number | null };

/** Room kept for the count axis: the plot is the canvas less this, and the bars never outnumber its pixels. */
const AXIS_RESERVE_PX = 64;
/** Room a time label needs. */
const TICK_SPACING_PX = 92;
/** Fewer bars than this are drawn among empty slots, so one bar is a bar and not the whole plot. */
const MIN_SLOTS = 24;
/** The dataset (and legend entry) of the journal's types without a colour of their own. */
export const OTHER_TYPES_LABEL = 'other types';

export class RateCanvas {
  private readonly chart: Chart<'bar', Point[]>;
  private readonly scheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly listeners: [string, (event: Event) => void][];
  private bars: RateBars | null = null;
  private tickStep = 3_600_000;
  private readonly tooltip: RateTooltip;
  /** Axis labels and tooltips follow the time zone switch: drawn again when it changes. */
  private readonly stopZone: () => void;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly rates: RateChart,
    /** The session's colours as they are now: a large live store's are assigned again once its types arrive. */
    private readonly colors: () => TypeColors,
  ) {
    this.tooltip = new RateTooltip(canvas);
    this.chart = new Chart<'bar', Point[]>(canvas, {
      type: 'bar',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        onResize: (_chart, size) => this.resized(size.width),
        scales: {
          x: {
            type: 'linear',
            stacked: true,
            offset: false,
            grid: { display: false },
            afterBuildTicks: (scale: Scale) => {
              // Round times on the chosen zone's clocks (local midnights, not UTC ones, in local time).
              const ticks = timeTicks(toWallClock(scale.min), toWallClock(scale.max), Math.floor(scale.width / TICK_SPACING_PX));
              this.tickStep = ticks.step;
              scale.ticks = ticks.values.map(fromWallClock).filter((value) => value >= scale.min && value <= scale.max).map((value) => ({ value }));
            },
            ticks: { maxRotation: 0, autoSkip: false, font: { size: 11 }, callback: (value) => tickLabel(toWallClock(Number(value)), this.tickStep) },
          },
          y: { type: 'linear', stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 11 } }, grid: {} },
        },
        plugins: {
          tooltip: {
            // Drawn as a box of the page (rate-tooltip.ts), which the panel does not cut off.
            enabled: false,
            // Only the types present in the bar, so the tooltip stays small.
            filter: (item) => (item.raw as Point).y !== null && (item.raw as Point).y !== 0,
            external: ({ tooltip }) =>
              this.tooltip.update(
                tooltip,
                this.barTitle(tooltip.dataPoints[0]?.dataIndex ?? 0),
                tooltip.dataPoints.map((item) => ({
                  label: item.dataset.label ?? '',
                  color: String(item.dataset.backgroundColor),
                  count: formatCount((item.raw as Point).y ?? 0),
                })),
              ),
          },
        },
      },
      plugins: [
        highlightPlugin(() => {
          const theme = themeColors(canvas);
          return { range: rates.highlight, color: theme.highlight, dim: theme.panel };
        }),
      ],
    });
    this.applyTheme();
    this.resized(this.chart.width);

    // Dragging across the bars picks a time range; the pointer is captured so the drag may leave the canvas.
    this.listeners = [
      ['pointerdown', (event) => this.pointerDown(event as PointerEvent)],
      ['pointermove', (event) => this.pointerMove(event as PointerEvent)],
      ['pointerup', () => rates.endDrag()],
      ['pointercancel', () => rates.cancelDrag()],
      ['dblclick', () => rates.clearRange()],
    ];
    for (const [type, listener] of this.listeners) canvas.addEventListener(type, listener);
    this.scheme.addEventListener('change', this.rethemed);
    this.stopZone = timeZone.onChange(() => this.chart.update('none'));
  }

  /** Replaces the bars whole. */
  show(bars: RateBars | null, scale: ChartScale): void {
    this.bars = bars;
    const log = scale === 'log';
    const options = this.chart.options.scales!;
    options['y'] = log
      ? { type: 'logarithmic', stacked: true, ticks: { font: { size: 11 }, callback: (value) => this.logTick(Number(value)) }, grid: {} }
      : { type: 'linear', stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 11 } }, grid: {} };
    const x = options['x']!;
    // A few bars (all events in one second, one stream's single day) are drawn among empty slots, not stretched
    // into one block across the plot; their width is then set, as chart.js would size a lone bar to the plot.
    let thickness: number | undefined;
    if (bars && bars.starts.length > 0) {
      const pad = (Math.max(0, MIN_SLOTS - bars.starts.length) * bars.width) / 2;
      x.min = bars.starts[0]! - pad;
      x.max = bars.starts[bars.starts.length - 1]! + bars.width + pad;
      if (pad > 0) thickness = Math.max(2, Math.floor((this.rates.pixels * bars.width) / (x.max - x.min)) - 2);
    } else {
      delete x.min;
      delete x.max;
    }
    // Bars sit over their span; thin bars get no gap, or they would vanish.
    const sparse = bars !== null && bars.starts.length * 4 < this.rates.pixels;
    this.chart.data.datasets = (bars?.datasets ?? []).map(
      (d): ChartDataset<'bar', Point[]> => ({
        // Drawn as canvas text, where a bidi override would reorder it too: hidden characters become markers.
        label: d.type === null ? OTHER_TYPES_LABEL : markInvisible(d.type, { max: 200 }),
        data: d.counts.map((count, i) => ({ x: bars!.starts[i]! + bars!.width / 2, y: log && count === 0 ? null : count })),
        backgroundColor: d.type === null ? this.colors().other : this.colors().of(d.type),
        borderWidth: 0,
        barPercentage: 1,
        categoryPercentage: sparse ? 0.9 : 1,
        ...(thickness !== undefined && { barThickness: thickness }),
      }),
    );
    this.applyTheme();
    this.chart.update('none');
  }

  /** Draws again with the current highlight. */
  redraw(): void {
    this.chart.draw();
  }

  destroy(): void {
    this.scheme.removeEventListener('change', this.rethemed);
    this.stopZone();
    for (const [type, listener] of this.listeners) this.canvas.removeEventListener(type, listener);
    this.chart.destroy();
    this.tooltip.destroy();
  }

  private resized(width: number): void {
    const pixels = Math.max(1, Math.floor(width - AXIS_RESERVE_PX));
    if (pixels !== this.rates.pixels) this.rates.pixels = pixels;
  }

  /** Log ticks only at 1, 10, 100… so the axis stays readable. */
  private logTick(value: number): string {
    const exponent = Math.log10(value);
    return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? formatCount(value) : '';
  }

  private barTitle(index: number): string {
    const bars = this.bars;
    const start = bars?.starts[index];
    if (!bars || start === undefined) return '';
    return `${formatTimeShort(new Date(start).toISOString())} + ${barName(bars.bucket, bars.merge)} (${formatCount(bars.counts[index] ?? 0)} events)`;
  }

  /** The time under a pointer, kept within the bars. */
  private timeAt(event: PointerEvent): number | null {
    const x = this.chart.scales['x'];
    const bars = this.bars;
    if (!x || !bars || bars.starts.length === 0) return null;
    const value = x.getValueForPixel(event.offsetX);
    if (value === undefined || Number.isNaN(value)) return null;
    const end = bars.starts[bars.starts.length - 1]! + bars.width;
    return Math.max(bars.starts[0]!, Math.min(end - 1, value));
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const ms = this.timeAt(event);
    if (ms === null) return;
    this.canvas.setPointerCapture(event.pointerId);
    this.rates.startDrag(ms);
  }

  private pointerMove(event: PointerEvent): void {
    if (!this.rates.drag) return;
    const ms = this.timeAt(event);
    if (ms !== null) this.rates.moveDrag(ms);
  }

  private readonly rethemed = (): void => {
    this.applyTheme();
    this.chart.update('none');
  };

  /** Axis and grid colours come from the page's theme, so the chart follows light and dark. */
  private applyTheme(): void {
    const colors = themeColors(this.canvas);
    const scales = this.chart.options.scales ?? {};
    for (const scale of [scales['x'], scales['y']]) {
      if (!scale) continue;
      if (scale.ticks) scale.ticks.color = colors.text;
      if (scale.grid) scale.grid.color = colors.grid;
    }
  }
}
