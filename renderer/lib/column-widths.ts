// The Events grid's columns and their widths: the width that fits what a journal holds, the width a person set, and
// the CSS grid tracks they make. Pure arithmetic on character counts, so it needs no DOM to measure text.
import { formatCount } from './format.js';

export type ColumnKey = 'position' | 'time' | 'stream' | 'version' | 'type';

export interface EventColumn {
  key: ColumnKey;
  label: string;
  /** The header's text where the label would make the column wider than its values (it stays the accessible name). */
  short?: string;
  /** Narrowest width a person can set, px. */
  min: number;
  /** Takes a share of the width left over while nobody has sized it: stream ids and types vary in length. */
  grows: boolean;
  /** The last column fills the row, so it has no edge of its own to drag. */
  resizable: boolean;
  /** A CSS width that fits it, where the page knows better than a character count (the time, in the zone shown). */
  css?: string;
}

export const EVENT_COLUMNS: readonly EventColumn[] = [
  { key: 'position', label: 'Position', min: 48, grows: false, resizable: true },
  { key: 'time', label: 'Time', min: 60, grows: false, resizable: true, css: 'var(--time-column)' },
  { key: 'stream', label: 'Stream', min: 60, grows: true, resizable: true },
  { key: 'version', label: 'Version', short: 'Ver.', min: 40, grows: false, resizable: true },
  { key: 'type', label: 'Type', min: 60, grows: true, resizable: false },
];

export const MAX_COLUMN_WIDTH = 2000;

/** Widths that fit, in px; the time's is a fallback for a page without its CSS width. */
export type ColumnWidths = Record<ColumnKey, number>;
/** The widths a person set; a column left out keeps the width that fits. */
export type SetWidths = Partial<ColumnWidths>;

// Px per character at the grid's sizes, taken for the widest font of each stack (DejaVu: digits 0.64 em at 13 px,
// monospace 0.61 em at 12 px and 11.5 px), so a fit never cuts in any of them.
const PADDING = 20;
const DIGIT = 8.4;
const SEPARATOR = 4.4;
const MONO = 7.4;
const TIME_MONO = 7.1;
const SWATCH = 14;
/** An uppercase header letter at 11 px, semibold, with its letter spacing. */
const HEADER_LETTER = 8.3;
/** An ISO time as the grid shows it: 2026-03-01T09:00:00.000Z. */
const TIME_CHARS = 24;
/** Stream ids get this much before sharing what is left; a longer id shows in full on hover. */
const STREAM_BASE = 140;
/** A type longer than this many characters is cut by default (on hover it shows in full; the column can be widened). */
const TYPE_CHARS_MAX = 40;

const headerWidth = (column: EventColumn) => Math.ceil((column.short ?? column.label).length * HEADER_LETTER) + PADDING;
const column = (key: ColumnKey) => EVENT_COLUMNS.find((c) => c.key === key)!;

/** The width a number takes as the grid shows it (thousands separators, tabular digits), padding included. */
export function numberWidth(value: number): number {
  const text = formatCount(value);
  const digits = text.replace(/\D/g, '').length;
  return Math.ceil(digits * DIGIT + (text.length - digits) * SEPARATOR) + PADDING;
}

/** The widths that fit a journal of these types, whose positions and versions reach these values. */
export function fittedWidths(types: readonly string[], maxPosition: number, maxVersion: number): ColumnWidths {
  const longestType = Math.min(TYPE_CHARS_MAX, types.reduce((longest, type) => Math.max(longest, [...type].length), 0));
  return {
    position: Math.max(headerWidth(column('position')), numberWidth(maxPosition)),
    time: Math.max(headerWidth(column('time')), Math.ceil(TIME_CHARS * TIME_MONO) + PADDING),
    stream: STREAM_BASE,
    version: Math.max(headerWidth(column('version')), numberWidth(maxVersion)),
    type: Math.max(headerWidth(column('type')), Math.ceil(longestType * MONO) + SWATCH + PADDING),
  };
}

export function clampWidth(key: ColumnKey, width: number): number {
  return Math.round(Math.max(column(key).min, Math.min(MAX_COLUMN_WIDTH, width)));
}

/** One column's width as CSS: the width set, else its CSS fit, else the fit in px. */
function columnWidth(c: EventColumn, fitted: ColumnWidths, set: SetWidths): string {
  const width = set[c.key];
  if (width !== undefined) return `${width}px`;
  return c.css ?? `${fitted[c.key]}px`;
}

/** The grid tracks: a width set is kept exactly; the growing columns share what is left while nobody sized them. */
export function columnTracks(fitted: ColumnWidths, set: SetWidths): string {
  return EVENT_COLUMNS.map((c) => (set[c.key] === undefined && c.grows ? `minmax(${fitted[c.key]}px, 1fr)` : columnWidth(c, fitted, set))).join(' ');
}

/** The narrowest the row can be, as CSS: below it the grid scrolls sideways instead of squeezing the columns. */
export function rowWidth(fitted: ColumnWidths, set: SetWidths): string {
  let px = 0;
  const css: string[] = [];
  for (const c of EVENT_COLUMNS) {
    const width = columnWidth(c, fitted, set);
    if (width.endsWith('px')) px += Number(width.slice(0, -2));
    else css.push(width);
  }
  return css.length === 0 ? `${px}px` : `calc(${[`${px}px`, ...css].join(' + ')})`;
}

/** Widths read back from storage: only known columns, with numbers in range; anything else is dropped. */
export function parseSetWidths(text: string | null): SetWidths {
  if (text === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null) return {};
  const set: SetWidths = {};
  for (const c of EVENT_COLUMNS) {
    const width = (value as Record<string, unknown>)[c.key];
    if (c.resizable && typeof width === 'number' && Number.isFinite(width)) set[c.key] = clampWidth(c.key, width);
  }
  return set;
}
