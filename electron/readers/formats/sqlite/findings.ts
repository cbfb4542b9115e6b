// Findings the store layouts record: each names the journal and the row, so a reader can go and look.
import type { Severity } from '../../../../shared/model.js';
import type { ReadContext } from '../types.js';

export function addFinding(context: ReadContext, severity: Severity, kind: string, place: string, text: string): void {
  context.findings.add({ severity, kind, place, message: `${context.file} ${place}: ${text}` });
}

/** A finding about the whole journal rather than one row. */
export function addJournalFinding(context: ReadContext, severity: Severity, kind: string, text: string): void {
  context.findings.add({ severity, kind, place: 'journal', message: `${context.file}: ${text}` });
}

/** Whether an error is the stack overflowing: a payload nested deeper than a layout's own walk can go. */
export function isStackOverflow(error: unknown): error is RangeError {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** A row nested too deeply for the layout's walk over its payload: left out, named, and the reading goes on. */
export function addTooDeep(context: ReadContext, place: string, error: RangeError, what = 'the event was'): void {
  addFinding(context, 'error', 'too-deep', place, `nested too deeply to be read (${error.message}), so ${what} left out.`);
}
