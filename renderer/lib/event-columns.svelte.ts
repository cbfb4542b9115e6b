// The Events grid's column widths as the view reads them. What a person sets (a drag on a column's edge, or the arrow
// keys on it) is kept in sessionStorage: the window's next journal, or a reload, opens with the same widths.
import { clampWidth, columnTracks, fittedWidths, parseSetWidths, rowWidth } from './column-widths.js';
import type { ColumnKey, ColumnWidths, SetWidths } from './column-widths.js';

const STORAGE_KEY = 'eventlens.event-columns';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // A page whose storage is blocked: widths then last as long as the view.
    return null;
  }
}

export class EventColumns {
  private fitted = $state<ColumnWidths>(fittedWidths([], 0, 0));
  private set = $state<SetWidths>(parseSetWidths(storage()?.getItem(STORAGE_KEY) ?? null));
  private maxPosition: number;
  private maxVersion = 0;

  /** The grid tracks every row uses. */
  readonly tracks = $derived(columnTracks(this.fitted, this.set));
  /** The narrowest the rows can be before the grid scrolls sideways. */
  readonly rowWidth = $derived(rowWidth(this.fitted, this.set));

  constructor(private readonly types: readonly string[], events: number) {
    // Positions usually count the events; rows drawn with bigger ones widen the column (fitNumbers).
    this.maxPosition = events;
    this.fitted = fittedWidths(types, this.maxPosition, this.maxVersion);
  }

  /** The width the column has unless the grid gives a growing one more. */
  width(key: ColumnKey): number {
    return this.set[key] ?? this.fitted[key];
  }

  resize(key: ColumnKey, width: number): void {
    const next = clampWidth(key, width);
    if (this.set[key] === next) return;
    this.set = { ...this.set, [key]: next };
    this.store();
  }

  /** Rows drawn hold these numbers: Position and Version grow to fit them, never shrink, so scrolling does not jostle. */
  fitNumbers(position: number, version: number): void {
    if (position <= this.maxPosition && version <= this.maxVersion) return;
    this.maxPosition = Math.max(this.maxPosition, position);
    this.maxVersion = Math.max(this.maxVersion, version);
    this.fitted = fittedWidths(this.types, this.maxPosition, this.maxVersion);
  }

  private store(): void {
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify(this.set));
    } catch {
      // Storage full or blocked: the widths still hold for this view.
    }
  }
}
