// What the progress bar says while a journal opens: which step, how far in bytes, how many events so far.
import { formatBytes, plural } from './format.js';

/** Waiting: asked, nothing reported yet. Uploading: the browser sends the file to its host. Reading: the service reads it. */
export type OpenPhase = 'waiting' | 'uploading' | 'reading';

export interface ProgressView {
  phase: OpenPhase;
  /** Bytes sent (uploading) or read (reading) so far, out of total; total is 0 while unknown. */
  done: number;
  total: number;
  events: number;
  /** The file is uploaded first, so reading is the second of two steps. */
  uploaded: boolean;
}

/** The step in words: "Uploading to the Eventlens host (step 1 of 2)". */
export function phaseText(view: ProgressView): string {
  const step = (n: number) => (view.uploaded ? ` (step ${n} of 2)` : '');
  if (view.phase === 'uploading') return `Uploading to the Eventlens host${step(1)}`;
  if (view.phase === 'reading') return `Reading the events${step(2)}`;
  return 'Starting…';
}

/** The bar's fill, 0 to 1; null while the size is unknown (an indeterminate bar). */
export function progressFraction(view: ProgressView): number | null {
  if (view.phase === 'waiting' || view.total <= 0) return null;
  return Math.min(1, Math.max(0, view.done / view.total));
}

/** "112 MB of 284 MB · 1,204,311 events read"; empty while nothing is known. */
export function amountText(view: ProgressView): string {
  const parts: string[] = [];
  if (view.phase !== 'waiting' && view.total > 0) {
    parts.push(`${formatBytes(view.done)} of ${formatBytes(view.total)}${view.phase === 'uploading' ? ' sent' : ''}`);
  }
  if (view.phase === 'reading' && (view.events > 0 || view.total > 0)) parts.push(`${plural(view.events, 'event')} read`);
  return parts.join(' · ');
}

/** What assistive technology reads for the bar: the amount and the share, e.g. "112 MB of 284 MB (39%)". */
export function progressValueText(view: ProgressView): string {
  const fraction = progressFraction(view);
  if (fraction === null) return phaseText(view);
  return `${formatBytes(view.done)} of ${formatBytes(view.total)} (${Math.floor(fraction * 100)}%)`;
}
