// The remembered choice of time zone: UTC (the default, as journals record it) or local time. Kept in localStorage so
// every window and every later visit shows times the same way; a change is seen at once by every formatted time.
import { useZoneSource } from './time-zone.js';
import type { TimeZoneMode } from './time-zone.js';

const KEY = 'eventlens.timeZone';

function stored(): TimeZoneMode {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'local' ? 'local' : 'utc';
  } catch {
    // Storage can be disabled: times are then in UTC until chosen otherwise, for this page's life.
    return 'utc';
  }
}

class TimeZoneSetting {
  mode = $state<TimeZoneMode>(stored());
  private readonly listeners = new Set<() => void>();

  constructor() {
    this.mark();
  }

  set(mode: TimeZoneMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.mark();
    try {
      globalThis.localStorage?.setItem(KEY, mode);
    } catch {
      // As above: the choice holds for this page only.
    }
    for (const listener of this.listeners) listener();
  }

  /** The page's root says the zone, for styles: a local time with its offset needs a wider Events column. */
  private mark(): void {
    if (typeof document !== 'undefined') document.documentElement.dataset['timeZone'] = this.mode;
  }

  /** For what is drawn outside Svelte (the chart's canvas): told after each change; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const timeZone = new TimeZoneSetting();
useZoneSource(timeZone);
