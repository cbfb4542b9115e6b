// The event rate as an inline SVG bar chart: drawn here from the numbers, with no chart library and no script, so the
// report shows it in any browser and on paper. Bars are stacked by event type (the most frequent few, then the rest).
import { BUCKET_MS } from '../rates.js';
import type { Bucket, RateSeries } from '../model.js';
import { el, empty, formatNumber, join, plural } from './html.js';
import type { Html } from './html.js';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies, and in grey on a laser printer. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];
const OTHER_COLOUR = '#8c8c8c';

export interface ChartOptions {
  /** At most this many bars: a longer series is drawn in groups of consecutive buckets (a minute series of a quarter has 130,000). */
  maxBars?: number;
  /** Types drawn in their own colour; the rest are stacked together as "other types". */
  maxTypes?: number;
}

export const DEFAULT_MAX_BARS = 240;
export const DEFAULT_MAX_TYPES = PALETTE.length;

/** One drawn bar: the events of `buckets` consecutive buckets from `startMs`, in all and per listed type. */
export interface ChartBar {
  /** Its place along the axis, 0 for the leftmost slot. */
  slot: number;
  startMs: number;
  buckets: number;
  total: number;
  /** Per listed type (same order as the legend), then the other types' sum last. */
  stack: number[];
}

export interface ChartData {
  /** Buckets per bar (1 unless the series is longer than maxBars). */
  group: number;
  /** Bar slots across the axis, empty ones included. */
  slots: number;
  /** Start of the first slot: the series' start, or before it when groups are aligned to the clock. */
  axisStartMs: number;
  /** Non-empty bars only: an empty period draws nothing. */
  bars: ChartBar[];
  legend: { type: string; count: number; colour: string }[];
  /** Events of types beyond the legend's, or 0. */
  otherCount: number;
  otherTypes: number;
  /** The series' own span (first bucket's start to last bucket's end) and its events. */
  startMs: number;
  endMs: number;
  total: number;
}

/** Groups of buckets a reader counts in (an hour of minutes, a day of hours, a week of days), smallest first. */
const NICE_GROUPS: Record<Bucket, number[]> = {
  '1s': [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400],
  '1m': [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 10_080],
  '1h': [1, 2, 3, 6, 12, 24, 48, 168, 336],
  '1d': [1, 2, 7, 14, 28, 56, 91, 182, 364],
};
const DAY = 86_400_000;
/** 1970-01-05, a Monday: week-long groups start on Mondays, as calendars print them. */
const MONDAY = 4 * DAY;

/** Where a group of `groupMs` containing `ms` starts: aligned to the clock, so a day of hours runs midnight to midnight. */
function alignedStart(ms: number, groupMs: number): number {
  const anchor = groupMs % (7 * DAY) === 0 ? MONDAY : 0;
  return Math.floor((ms - anchor) / groupMs) * groupMs + anchor;
}

/** The smallest clock-aligned grouping that fits the series in maxBars slots. */
function grouping(bucket: Bucket, origin: number, n: number, maxBars: number): { group: number; lead: number; slots: number } {
  const width = BUCKET_MS[bucket];
  const nice = NICE_GROUPS[bucket];
  const largest = nice[nice.length - 1]!;
  for (let k = 0; ; k++) {
    // Past the list, whole multiples of its largest group.
    const group = k < nice.length ? nice[k]! : largest * (k - nice.length + 2);
    const lead = Math.round((origin - alignedStart(origin, group * width)) / width);
    const slots = Math.ceil((lead + n) / group);
    if (slots <= maxBars) return { group, lead, slots };
  }
}

/** The bars a series draws as: grouped to at most maxBars, stacked by the most frequent types. */
export function chartData(series: RateSeries, options: ChartOptions = {}): ChartData | null {
  const maxBars = Math.max(1, options.maxBars ?? DEFAULT_MAX_BARS);
  const maxTypes = Math.max(0, options.maxTypes ?? DEFAULT_MAX_TYPES);
  const n = series.totals.length;
  const width = BUCKET_MS[series.bucket];
  const origin = series.start === null ? NaN : Date.parse(series.start);
  const total = series.totals.reduce((sum, count) => sum + count, 0);
  if (n === 0 || Number.isNaN(origin) || total === 0) return null;

  // series.types is documented most frequent first; sorted again so the legend does not depend on that promise.
  const types = [...series.types].sort((x, y) => y.count - x.count || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0));
  const listed = types.slice(0, maxTypes);
  const others = types.slice(maxTypes);
  const { group, lead, slots } = grouping(series.bucket, origin, n, maxBars);
  const axisStartMs = origin - lead * width;
  const bars: ChartBar[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const first = Math.max(0, slot * group - lead);
    const last = Math.min(n, (slot + 1) * group - lead);
    let barTotal = 0;
    for (let i = first; i < last; i++) barTotal += series.totals[i]!;
    if (barTotal === 0) continue;
    const stack = listed.map((rate) => {
      let sum = 0;
      for (let i = first; i < last; i++) sum += rate.counts[i] ?? 0;
      return sum;
    });
    // The rest is what the listed types leave of the total, so the bar's height is the total whatever types hold.
    stack.push(Math.max(0, barTotal - stack.reduce((sum, count) => sum + count, 0)));
    bars.push({ slot, startMs: axisStartMs + slot * group * width, buckets: last - first, total: barTotal, stack });
  }
  return {
    group,
    slots,
    axisStartMs,
    bars,
    legend: listed.map((rate, i) => ({ type: rate.type, count: rate.count, colour: PALETTE[i]! })),
    otherCount: others.reduce((sum, rate) => sum + rate.count, 0),
    otherTypes: others.length,
    startMs: origin,
    endMs: origin + n * width,
    total,
  };
}

const PERIOD: Record<Bucket, [string, string]> = { '1s': ['second', 'seconds'], '1m': ['minute', 'minutes'], '1h': ['hour', 'hours'], '1d': ['day', 'days'] };

/** "hour", "12 hours", "day", "2 weeks": how long one bar is, in the largest unit that divides it. */
function duration(ms: number): string {
  const units: [number, string, string][] = [
    [7 * DAY, 'week', 'weeks'],
    [DAY, 'day', 'days'],
    [3_600_000, 'hour', 'hours'],
    [60_000, 'minute', 'minutes'],
    [1_000, 'second', 'seconds'],
  ];
  const [size, one, many] = units.find(([unit]) => ms % unit === 0) ?? units[units.length - 1]!;
  const count = ms / size;
  return count === 1 ? one : `${formatNumber(count)} ${many}`;
}

/** A bar's start on the axis, as precise as the bars are long (no seconds on an axis of hours, no hours on one of days). */
function axisTime(ms: number, barMs: number): string {
  const iso = new Date(ms).toISOString();
  if (barMs % DAY === 0) return iso.slice(0, 10);
  if (barMs % 60_000 === 0) return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** 1, 2 or 5 times a power of ten: a step a reader counts gridlines by, at most `lines` of them above zero. */
function niceStep(max: number, lines: number): number {
  const rough = Math.max(1, max / lines);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  return Math.max(1, step);
}

const round = (value: number) => Math.round(value * 100) / 100;

const W = 960;
const H = 300;
const LEFT = 64;
const RIGHT = 16;
const TOP = 14;
const BOTTOM = 52;
/** Roughly how wide one character of an 11px tick label is, in viewBox units: enough to keep labels apart. */
const TICK_CHAR_WIDTH = 6.4;
const MIN_BAR_HEIGHT = 2;

/**
 * The chart as a figure: an SVG with role img and a name saying what it shows, a legend and a caption. Each drawn bar
 * is one `<g class="bar">` with a tooltip giving its period and counts.
 */
export function rateChart(series: RateSeries | null, options: ChartOptions = {}): Html {
  if (series === null || series.start === null) {
    return el('p', { class: 'muted' }, 'No event in this journal carries a time, so there is no rate to draw.');
  }
  const data = chartData(series, options);
  if (data === null) return el('p', { class: 'muted' }, 'The rate series holds no events, so there is no rate to draw.');
  const barMs = data.group * BUCKET_MS[series.bucket];
  const unit = duration(barMs);
  const at = (ms: number) => axisTime(ms, barMs);
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / data.slots;
  const barW = slot > 3 ? slot * 0.82 : slot;
  const peak = Math.max(...data.bars.map((bar) => bar.total));
  const step = niceStep(peak, 5);
  const top = Math.ceil(peak / step) * step;
  const y = (count: number) => TOP + plotH - (count / top) * plotH;
  const colours = [...data.legend.map((entry) => entry.colour), OTHER_COLOUR];
  const names = [...data.legend.map((entry) => entry.type), 'other types'];

  const grid: Html[] = [];
  for (let value = 0; value <= top; value += step) {
    grid.push(empty('line', { x1: LEFT, x2: W - RIGHT, y1: round(y(value)), y2: round(y(value)), class: value === 0 ? 'axis' : 'grid' }));
    grid.push(el('text', { x: LEFT - 6, y: round(y(value) + 4), 'text-anchor': 'end', class: 'tick' }, formatNumber(value)));
  }

  const bars = data.bars.map((bar) => {
    const x = LEFT + bar.slot * slot + (slot - barW) / 2;
    // A period with a handful of events beside one with thousands still shows: every drawn bar is at least
    // MIN_BAR_HEIGHT tall (its tooltip and the axis give the true count).
    const height = Math.max(MIN_BAR_HEIGHT, (bar.total / top) * plotH);
    let bottom = TOP + plotH;
    const rects: Html[] = [];
    bar.stack.forEach((count, i) => {
      if (count === 0) return;
      const part = (count / bar.total) * height;
      rects.push(empty('rect', { x: round(x), y: round(bottom - part), width: round(barW), height: round(part), fill: colours[i] }));
      bottom -= part;
    });
    const parts = bar.stack.map((count, i) => (count > 0 ? `${names[i]} ${formatNumber(count)}` : null)).filter((part) => part !== null);
    const tip = `${plural(bar.total, 'event')} in the ${unit} from ${at(bar.startMs)} UTC: ${parts.join(', ')}`;
    return el('g', { class: 'bar' }, el('title', {}, tip), ...rects);
  });

  // Time labels as many as fit without touching, every `stride` slots; a stride past a day is whole days, so labels
  // fall on midnights rather than drifting through the day.
  const labelWidth = at(data.axisStartMs).length * TICK_CHAR_WIDTH + 24;
  let stride = Math.max(1, Math.ceil(data.slots / Math.max(1, Math.floor(plotW / labelWidth))));
  if (barMs < DAY && DAY % barMs === 0 && stride * barMs > DAY) stride = Math.ceil((stride * barMs) / DAY) * (DAY / barMs);
  // Wide bars are named under their middle (the bar is that day); narrow ones get a tick at the edge where they start.
  const centred = slot >= labelWidth / 2;
  const labels: Html[] = [];
  // Labels a whole number of days apart start at the first midnight, so the date alone names them.
  const daily = (stride * barMs) % DAY === 0 && DAY % barMs === 0;
  const firstLabel = daily ? (((DAY - (data.axisStartMs % DAY)) % DAY) / barMs) % stride : 0;
  let lastEnd = -Infinity;
  for (let slotIndex = firstLabel; slotIndex < data.slots; slotIndex += stride) {
    const tickX = LEFT + slotIndex * slot + (centred ? slot / 2 : 0);
    const label = daily ? at(data.axisStartMs + slotIndex * barMs).slice(0, 10) : at(data.axisStartMs + slotIndex * barMs);
    const textWidth = label.length * TICK_CHAR_WIDTH;
    // Centred under a wide bar, or starting at a narrow bar's tick; kept inside the chart, and left out rather than
    // drawn over the label before it.
    const left = Math.min(Math.max(centred ? tickX - textWidth / 2 : tickX, LEFT - 8), W - RIGHT - textWidth);
    if (left < lastEnd + 12) continue;
    lastEnd = left + textWidth;
    labels.push(empty('line', { x1: round(tickX), x2: round(tickX), y1: TOP + plotH, y2: TOP + plotH + 5, class: 'axis' }));
    labels.push(el('text', { x: round(left), y: TOP + plotH + 19, 'text-anchor': 'start', class: 'tick' }, label));
  }

  const busiest = data.bars.reduce((best, bar) => (bar.total > best.total ? bar : best));
  const name =
    `Event rate: ${plural(data.total, 'event')} per ${unit} from ${at(data.startMs)} to ${at(data.endMs)} UTC, ` +
    `${plural(data.bars.length, 'bar')}; the busiest ${unit} starts ${at(busiest.startMs)} UTC with ${plural(busiest.total, 'event')}.`;
  const svg = el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': name, class: 'rate-chart', preserveAspectRatio: 'xMidYMid meet' },
    el('title', {}, name),
    ...grid,
    ...bars,
    ...labels,
    el('text', { x: LEFT + plotW / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis-title' }, `Time (UTC), one bar per ${unit}`),
    el('text', { x: 14, y: TOP + plotH / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 14 ${round(TOP + plotH / 2)})` }, `Events per ${unit}`),
  );

  const legend = el(
    'ul',
    { class: 'legend', 'aria-label': 'Event types in the chart' },
    ...data.legend.map((entry) => el('li', {}, swatch(entry.colour), el('code', {}, entry.type), el('span', { class: 'muted' }, ` ${formatNumber(entry.count)}`))),
    data.otherTypes > 0 && el('li', {}, swatch(OTHER_COLOUR), el('span', {}, `${plural(data.otherTypes, 'other type')}`), el('span', { class: 'muted' }, ` ${formatNumber(data.otherCount)}`)),
  );
  const grouping =
    data.group === 1
      ? `One bar per ${unit} with events (${plural(data.bars.length, 'bar')} of ${formatNumber(series.totals.length)} ${PERIOD[series.bucket][1]}).`
      : `The series has ${formatNumber(series.totals.length)} buckets of one ${PERIOD[series.bucket][0]}; each bar adds up ${formatNumber(data.group)} of them (${unit}, aligned to the clock in UTC), ${plural(data.bars.length, 'bar')} with events.`;
  return el('figure', { class: 'chart' }, svg, legend, el('figcaption', {}, join([grouping, ' Empty periods draw no bar.'])));
}

/** A legend square as a tiny SVG, so it prints even where a browser leaves out background colours. */
function swatch(colour: string): Html {
  return el('svg', { class: 'swatch', viewBox: '0 0 10 10', width: 10, height: 10, 'aria-hidden': 'true' }, empty('rect', { width: 10, height: 10, fill: colour }));
}
