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
