// What the first records of a journal hold, for the Map columns… dialog: its fields (JSON) or its tables' columns
// (SQLite), each with an example and how often it has a value. Read-only and bounded: the first records, the first
// megabytes, never anything written beside the file.
import type { FieldSample } from '../../../shared/model.js';
import { detectFileKind } from '../detect.js';
import { sampleJson } from './json-sample.js';
import { sampleSqlite } from './sqlite-sample.js';

/**
 * `name` is the file's name as the user knows it (an upload's copy has another), for notes; `cut` says the file is
 * only the start of that one (what a browser sends), so rows past its end are said to be missing, not damaged.
 */
export async function sampleFields(path: string, name: string, cut = false): Promise<FieldSample> {
  const { kind } = await detectFileKind(path);
  if (kind === 'sqlite') return sampleSqlite(path, name, cut);
  if (kind === 'json') return sampleJson(path, name);
  // An Atom feed or a binary history is read by its own layout: it has no columns to name.
  return { kind, sources: [], notes: [`${name} is ${kind === 'xml' ? 'an XML feed' : 'a binary history'}, read by its own format: it has no columns to name.`] };
}
