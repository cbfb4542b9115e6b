// The Events grid's column widths: what fits a journal, the tracks they make, and widths read back from storage.
import { describe, expect, it } from 'vitest';
import { clampWidth, columnTracks, EVENT_COLUMNS, fittedWidths, MAX_COLUMN_WIDTH, numberWidth, parseSetWidths, rowWidth } from '../../renderer/lib/column-widths.js';

describe('column widths', () => {
  it('fit numbers by their digits and separators, wider for more digits', () => {
    expect(numberWidth(1)).toBeLessThan(numberWidth(1_000));
    expect(numberWidth(1_000_000)).toBeLessThan(numberWidth(12_345_678));
    // 1,000,000 in 13 px DejaVu Sans (8.27 px a digit, 4.13 a comma) and 20 px of padding: 86.2 px.
    expect(numberWidth(1_000_000)).toBeGreaterThanOrEqual(87);
  });

  it('give Position room for its values, Version no more than its short header or its values need', () => {
    const small = fittedWidths(['user_created'], 3_016, 12);
    const big = fittedWidths(['user_created'], 12_345_678, 12);
    expect(big.position).toBeGreaterThan(small.position);
    expect(big.position).toBeGreaterThanOrEqual(numberWidth(12_345_678));
    expect(small.version).toBeLessThan(64);
    expect(fittedWidths([], 0, 1_234_567).version).toBe(numberWidth(1_234_567));
  });

  it('fit the longest type, up to a cap', () => {
    const short = fittedWidths(['a'], 1, 1).type;
    const long = fittedWidths(['ProductItemRemovedFromShoppingCart'], 1, 1).type;
    const huge = fittedWidths(['x'.repeat(500)], 1, 1).type;
    expect(long).toBeGreaterThan(short);
    expect(long).toBeGreaterThanOrEqual(34 * 7.22 + 14 + 20);
    expect(huge).toBeLessThan(400);
  });

  it('make tracks: widths set are kept, the growing columns share the rest, the time keeps its CSS width', () => {
    const fitted = fittedWidths(['user_created'], 100, 10);
    expect(columnTracks(fitted, {})).toBe(`${fitted.position}px var(--time-column) minmax(${fitted.stream}px, 1fr) ${fitted.version}px minmax(${fitted.type}px, 1fr)`);
    expect(columnTracks(fitted, { stream: 320, time: 150 })).toBe(`${fitted.position}px 150px 320px ${fitted.version}px minmax(${fitted.type}px, 1fr)`);
    expect(rowWidth(fitted, {})).toBe(`calc(${fitted.position + fitted.stream + fitted.version + fitted.type}px + var(--time-column))`);
    expect(rowWidth(fitted, { time: 150 })).toBe(`${fitted.position + 150 + fitted.stream + fitted.version + fitted.type}px`);
  });

  it('clamp a width to the column’s least and the most', () => {
    expect(clampWidth('version', 3)).toBe(EVENT_COLUMNS.find((c) => c.key === 'version')!.min);
    expect(clampWidth('stream', 1e9)).toBe(MAX_COLUMN_WIDTH);
    expect(clampWidth('time', 150.4)).toBe(150);
  });

  it('read back only known, resizable columns with numbers, clamped; anything else is dropped', () => {
    expect(parseSetWidths(null)).toEqual({});
    expect(parseSetWidths('not json')).toEqual({});
    expect(parseSetWidths('[1,2]')).toEqual({});
    expect(parseSetWidths(JSON.stringify({ stream: 300, time: '200', type: 500, evil: 3, version: 1, position: Number.MAX_VALUE }))).toEqual({
      stream: 300,
      version: 40,
      position: MAX_COLUMN_WIDTH,
    });
  });
});
