// The Event rate chart's tooltip as a box of the page, not drawn on the canvas: chart.js keeps its own tooltip inside
// the canvas, where a bar with many types is cut off by the panel. This one may overflow the panel and is kept
// within the window. Types are untrusted text: set as textContent only.
import type { TooltipModel } from 'chart.js';

/** Rows listed before "and N more types": the box must fit a laptop screen. */
const MAX_ROWS = 14;
const GAP_PX = 12;
const MARGIN_PX = 8;

export interface TooltipRow {
  label: string;
  color: string;
  count: string;
}

export class RateTooltip {
  private readonly box: HTMLDivElement;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.box = document.createElement('div');
    this.box.className = 'rate-tooltip';
    // What it says is in the chart's description already (role="img"); this is for the eye.
    this.box.setAttribute('aria-hidden', 'true');
    this.box.hidden = true;
    document.body.append(this.box);
  }

  /** Shows the bar under the pointer (chart.js's `external` callback), or hides the box when it goes. */
  update(model: TooltipModel<'bar'>, title: string, rows: TooltipRow[]): void {
    if (model.opacity === 0 || rows.length === 0) {
      this.hide();
      return;
    }
    const heading = document.createElement('div');
    heading.className = 'rate-tooltip-title';
    heading.textContent = title;
    const lines = rows.slice(0, MAX_ROWS).map((row) => {
      const line = document.createElement('div');
      line.className = 'rate-tooltip-row';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.backgroundColor = row.color;
      const label = document.createElement('span');
      label.className = 'rate-tooltip-label';
      label.textContent = row.label;
      const count = document.createElement('span');
      count.className = 'rate-tooltip-count';
      count.textContent = row.count;
      line.append(swatch, label, count);
      return line;
    });
    if (rows.length > MAX_ROWS) {
      const more = document.createElement('div');
      more.className = 'rate-tooltip-more';
      more.textContent = `and ${rows.length - MAX_ROWS} more types`;
      lines.push(more);
    }
    this.box.replaceChildren(heading, ...lines);
    this.box.hidden = false;
    this.place(model.caretX, model.caretY);
  }

  hide(): void {
    this.box.hidden = true;
  }

  destroy(): void {
    this.box.remove();
  }

  /** Beside the pointer, on the side with room, and never past the window's edges. */
  private place(caretX: number, caretY: number): void {
    const area = this.canvas.getBoundingClientRect();
    const { offsetWidth: width, offsetHeight: height } = this.box;
    let left = area.left + caretX + GAP_PX;
    if (left + width > window.innerWidth - MARGIN_PX) left = area.left + caretX - GAP_PX - width;
    left = Math.max(MARGIN_PX, left);
    const top = Math.max(MARGIN_PX, Math.min(area.top + caretY - height / 2, window.innerHeight - MARGIN_PX - height));
    this.box.style.left = `${Math.round(left)}px`;
    this.box.style.top = `${Math.round(top)}px`;
  }
}
