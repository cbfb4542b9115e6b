// chart.js with only the pieces the Event rate chart uses, themed from the page's CSS variables.
import { BarController, BarElement, Chart, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import type { Plugin } from 'chart.js';

Chart.register(BarController, BarElement, LinearScale, LogarithmicScale, Tooltip);

export { Chart };

/** Colours for axes and grid, read from the theme so the chart follows light/dark. */
export function themeColors(element: Element): { text: string; grid: string; highlight: string; panel: string } {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { text: read('--muted', '#5f6b7a'), grid: read('--border', '#dde1e7'), highlight: read('--accent', '#2f6fdf'), panel: read('--panel', '#ffffff') };
}

export interface Highlight {
  /** The time span to shade, in ms (from inclusive, to exclusive); null for none. */
  range: [number, number] | null;
  color: string;
}

/**
 * Marks the selected time span over the bars (bars may fill the plot, on a log scale above all): the rest of the plot
 * is dimmed and the span outlined. `read` gives the current selection at each draw.
 */
export function highlightPlugin(read: () => Highlight & { dim: string }): Plugin<'bar'> {
  return {
    id: 'eventlensHighlight',
    afterDatasetsDraw(chart) {
      const { range, color, dim } = read();
      const x = chart.scales['x'];
      if (!range || !x) return;
      const { top, bottom, left: areaLeft, right: areaRight } = chart.chartArea;
      const left = Math.max(areaLeft, x.getPixelForValue(range[0]));
      const right = Math.min(areaRight, Math.max(left + 2, x.getPixelForValue(range[1])));
      if (right <= left) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.globalAlpha = 0.6;
      ctx.fillStyle = dim;
      ctx.fillRect(areaLeft, top, left - areaLeft, bottom - top);
      ctx.fillRect(right, top, areaRight - right, bottom - top);
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = color;
      ctx.fillRect(left, top, right - left, bottom - top);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(left + 0.75, top + 0.75, right - left - 1.5, bottom - top - 1.5);
      ctx.restore();
    },
  };
}
