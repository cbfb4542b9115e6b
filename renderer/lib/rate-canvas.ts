// The Event rate chart on its canvas: chart.js set up once, fed new series, and dragged to pick a time range.
import type { ChartDataset } from 'chart.js';
import { Chart, highlightPlugin, themeColors } from './chart-setup.js';
import type { TypeColors } from './colors.js';
import { formatCount, formatTimeShort } from './format.js';
import type { RateChart } from './rate-chart.svelte.js';

export class RateCanvas {
  private readonly chart: Chart<'bar'>;
  private readonly scheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly listeners: [string, (event: Event) => void][];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly rates: RateChart,
    private readonly colors: TypeColors,
  ) {
    this.chart = new Chart<'bar'>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 18, font: { size: 11 } } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 11 } }, grid: {} },
        },
        plugins: {
          tooltip: {
            // Only the types present in the bucket, so the tooltip stays small.
            filter: (item) => item.raw !== 0,
            callbacks: { title: (items) => this.bucketTitle(items[0]?.dataIndex ?? 0) },
          },
        },
      },
      plugins: [highlightPlugin(() => ({ range: rates.highlight, color: themeColors(canvas).highlight }))],
    });
    this.applyTheme();

    // Dragging across buckets picks a time range; the pointer is captured so the drag may leave the canvas.
    this.listeners = [
      ['pointerdown', (event) => this.pointerDown(event as PointerEvent)],
      ['pointermove', (event) => this.pointerMove(event as PointerEvent)],
      ['pointerup', () => rates.endDrag()],
      ['pointercancel', () => rates.cancelDrag()],
      ['dblclick', () => rates.clearRange()],
    ];
    for (const [type, listener] of this.listeners) canvas.addEventListener(type, listener);
    this.scheme.addEventListener('change', this.rethemed);
  }

  /** Replaces the series whole. */
  show(labels: string[], datasets: { type: string; counts: number[] }[]): void {
    this.chart.data.labels = labels;
    this.chart.data.datasets = datasets.map(
      (d): ChartDataset<'bar'> => ({
        label: d.type,
        data: d.counts,
        backgroundColor: this.colors.of(d.type),
        borderWidth: 0,
        barPercentage: 1,
        categoryPercentage: 0.92,
      }),
    );
    this.chart.update('none');
  }

  /** Draws again with the current highlight. */
  redraw(): void {
    this.chart.draw();
  }

  destroy(): void {
    this.scheme.removeEventListener('change', this.rethemed);
    for (const [type, listener] of this.listeners) this.canvas.removeEventListener(type, listener);
    this.chart.destroy();
  }

  private bucketTitle(index: number): string {
    const bucket = this.rates.series?.buckets[index];
    return bucket ? `${formatTimeShort(bucket.start)} (${formatCount(bucket.count)} events)` : '';
  }

  /** The bucket under a pointer, clamped to the series. */
  private bucketAt(event: PointerEvent): number | null {
    const x = this.chart.scales['x'];
    const count = this.chart.data.labels?.length ?? 0;
    if (!x || count === 0) return null;
    const value = x.getValueForPixel(event.offsetX);
    return value === undefined ? null : Math.max(0, Math.min(count - 1, Math.round(value)));
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const bucket = this.bucketAt(event);
    if (bucket === null) return;
    this.canvas.setPointerCapture(event.pointerId);
    this.rates.startDrag(bucket);
  }

  private pointerMove(event: PointerEvent): void {
    if (!this.rates.drag) return;
    const bucket = this.bucketAt(event);
    if (bucket !== null) this.rates.moveDrag(bucket);
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
