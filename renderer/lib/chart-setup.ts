// chart.js with only the pieces the Event rate chart uses, themed from the page's CSS variables.
import { BarController, BarElement, Chart, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import type { Plugin } from 'chart.js';

Chart.register(BarController, BarElement, LinearScale, LogarithmicScale, Tooltip);

export { Chart };

/** Colours for axes and grid, read from the theme so the chart follows light/dark. */
export function themeColors(element: Element): { text: string; grid: string; highlight: string } {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { text: read('--muted', '#5f6b7a'), grid: read('--border', '#dde1e7'), highlight: read('--accent', '#2f6fdf') };
}

export interface Highlight {
  /** The time span to shade, in ms (from inclusive, to exclusive); null for none. */
  range: [number, number] | null;
  color: string;
}

/** Shades the selected time span behind the bars; `read` gives the current selection at each draw. */
export function highlightPlugin(read: () => Highlight): Plugin<'bar'> {
  return {
    id: 'eventlensHighlight',
    beforeDatasetsDraw(chart) {
      const { range, color } = read();
      const x = chart.scales['x'];
      if (!range || !x) return;
      const { top, bottom, left: areaLeft, right: areaRight } = chart.chartArea;
      const left = Math.max(areaLeft, x.getPixelForValue(range[0]));
      const right = Math.min(areaRight, Math.max(left + 2, x.getPixelForValue(range[1])));
      if (right <= left) return;
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
