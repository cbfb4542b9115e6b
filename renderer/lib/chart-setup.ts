// chart.js with only the pieces the Event rate chart uses, themed from the page's CSS variables.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { Plugin } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export { Chart };

/** Colours for axes and grid, read from the theme so the chart follows light/dark. */
export function themeColors(element: Element): { text: string; grid: string; highlight: string } {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { text: read('--muted', '#5f6b7a'), grid: read('--border', '#dde1e7'), highlight: read('--accent', '#2f6fdf') };
}

export interface Highlight {
  /** First and last bucket index to shade, inclusive; null for none. */
  range: [number, number] | null;
  color: string;
}

/** Shades the selected buckets behind the bars; `read` gives the current selection at each draw. */
export function highlightPlugin(read: () => Highlight): Plugin<'bar'> {
  return {
    id: 'eventlensHighlight',
    beforeDatasetsDraw(chart) {
      const { range, color } = read();
      const x = chart.scales['x'];
      if (!range || !x) return;
      const { top, bottom } = chart.chartArea;
      const half = x.width / Math.max(1, chart.data.labels?.length ?? 1) / 2;
      const left = x.getPixelForValue(range[0]) - half;
      const right = x.getPixelForValue(range[1]) + half;
      const ctx = chart.ctx;
      ctx.save();
      ctx.globalAlpha = 0.16;
      ctx.fillStyle = color;
      ctx.fillRect(left, top, right - left, bottom - top);
      ctx.globalAlpha = 0.7;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1;
      ctx.strokeRect(left + 0.5, top + 0.5, right - left - 1, bottom - top - 1);
      ctx.restore();
    },
  };
}
