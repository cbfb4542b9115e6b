// What a layout remembers between the records of one file: a workflow id seen in the first event, a notice given.
// The pipeline gives every record of one read the same EventBuilder, so the builder stands for "this file".
import type { Finding } from '../../../../shared/model.js';
import type { EventBuilder } from '../../event-builder.js';
import type { RecordContext } from '../types.js';

/** One value per file read; weakly held, so it ends with the read. */
export class FileMemory<T> {
  private readonly byFile = new WeakMap<EventBuilder, T>();

  get(context: RecordContext): T | undefined {
    return this.byFile.get(context.builder);
  }

  set(context: RecordContext, value: T): void {
    this.byFile.set(context.builder, value);
  }
}

const given = new FileMemory<Set<string>>();

/** Adds a finding the first time its kind comes up in a file: a journal of 10,000 XML payloads needs one notice. */
export function noteOnce(context: RecordContext, finding: Finding): void {
  let kinds = given.get(context);
  if (kinds === undefined) {
    kinds = new Set();
    given.set(context, kinds);
  }
  if (kinds.has(finding.kind)) return;
  kinds.add(finding.kind);
  context.findings.add(finding);
}
