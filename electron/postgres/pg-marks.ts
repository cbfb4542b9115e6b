// What a store says of some of its events beyond the events themselves (archived, in a soft-deleted stream, numbered
// by Eventlens rather than by the store): counted once when the store is opened and said as info findings, the way
// the file readers say the same of a file (pg-layouts.ts PgLayout.marks).
import type { Finding } from '../../shared/model.js';
import type { PgLayout } from './pg-layouts.js';
import type { PgSession } from './pg-session.js';

export async function storeMarks(session: PgSession, layout: PgLayout): Promise<Finding[]> {
  const marks = layout.marks ?? [];
  const counts = await Promise.all(
    marks.map((mark) => session.rows<[string, string]>(`SELECT marked::text, streams::text FROM (${mark.count}) AS counts(marked, streams)`)),
  );
  const findings: Finding[] = [];
  marks.forEach((mark, index) => {
    const [events, streams] = (counts[index]?.[0] ?? ['0', '0']).map(Number) as [number, number];
    if (events > 0 || streams > 0) findings.push({ severity: 'info', kind: mark.kind, place: `schema ${layout.schema}`, message: `${layout.title}: ${mark.say(events, streams)}` });
  });
  return findings;
}
