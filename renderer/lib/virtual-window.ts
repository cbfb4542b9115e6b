// Which rows of a fixed-height virtual list are on screen, and where to draw them.
//
// Our own, not @tanstack/svelte-virtual: that adapter is built on Svelte stores and needs manual nudging under runes
// (it loses the scroll element bound after mount and a new count until measure(); TanStack/virtual#866, #969), and
// like every list sized count × row height it breaks past the browser's tallest element (about 33.5M px in
// Chromium, 17.9M px in Firefox: a million 24 px rows is 24M px). Rows here have one height, so the arithmetic is
// small, and past MAX_SCROLL_PX the scroll position is scaled onto the rows.

/** Tallest spacer we make: below every browser's limit on an element's height. */
export const MAX_SCROLL_PX = 15_000_000;

export interface VirtualWindow {
  /** First and last row index to render (inclusive); last < first when there is nothing. */
  first: number;
  last: number;
  /** Where row `first` sits, in px from the top of the spacer. */
  offset: number;
  /** Height of the spacer that makes the scrollbar. */
  height: number;
}

export function spacerHeight(count: number, rowHeight: number): number {
  return Math.min(count * rowHeight, MAX_SCROLL_PX);
}

/** How many px of rows one px of scrollbar moves: 1 until the list is taller than MAX_SCROLL_PX. */
function scale(count: number, rowHeight: number, viewport: number): number {
  const full = count * rowHeight;
  const height = spacerHeight(count, rowHeight);
  if (full <= height || height <= viewport) return 1;
  return (full - viewport) / (height - viewport);
}

/** The scrolled distance into the rows (px of full list) for a scrollTop. */
export function rowsTop(scrollTop: number, count: number, rowHeight: number, viewport: number): number {
  return Math.max(0, scrollTop) * scale(count, rowHeight, viewport);
}

/** The scrollTop that puts the rows' distance `top` at the top of the viewport. */
export function scrollTopOf(top: number, count: number, rowHeight: number, viewport: number): number {
  const max = Math.max(0, spacerHeight(count, rowHeight) - viewport);
  return Math.max(0, Math.min(max, top / scale(count, rowHeight, viewport)));
}

export function virtualWindow(scrollTop: number, viewport: number, count: number, rowHeight: number, overscan = 4): VirtualWindow {
  const height = spacerHeight(count, rowHeight);
  if (count <= 0 || viewport <= 0) return { first: 0, last: -1, offset: 0, height };
  const top = rowsTop(scrollTop, count, rowHeight, viewport);
  const first = Math.max(0, Math.min(count - 1, Math.floor(top / rowHeight) - overscan));
  const last = Math.min(count - 1, Math.ceil((top + viewport) / rowHeight) - 1 + overscan);
  // Drawn relative to the scroll position, so scaled lists stay exact at any row.
  const offset = Math.max(0, Math.min(height, scrollTop) + first * rowHeight - top);
  return { first, last, offset, height };
}

/** The scrollTop that brings row `index` fully into view with the least movement (the current one if it is). */
export function scrollToRow(index: number, scrollTop: number, viewport: number, count: number, rowHeight: number): number {
  const top = rowsTop(scrollTop, count, rowHeight, viewport);
  const rowTop = index * rowHeight;
  if (rowTop < top) return scrollTopOf(rowTop, count, rowHeight, viewport);
  if (rowTop + rowHeight > top + viewport) return scrollTopOf(rowTop + rowHeight - viewport, count, rowHeight, viewport);
  return scrollTop;
}

/** The first row fully shown at a scrollTop. */
export function topRow(scrollTop: number, viewport: number, count: number, rowHeight: number): number {
  if (count <= 0) return 0;
  return Math.min(count - 1, Math.ceil(rowsTop(scrollTop, count, rowHeight, viewport) / rowHeight - 0.01));
}
