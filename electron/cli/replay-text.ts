// `eventlens replay` without --json: the result for a person. A heading says what was replayed, how far, through
// which reducer; then each step on a line of its own (--steps) or each change of one field (--field), and the state
// as indented JSON. Scripts use --json, whose document is unchanged.
import type { Change, FieldHistory, Json, ReplayFailure, ReplayResult, ReplayStep, SnapshotCheck } from '../../shared/model.js';
import { jsonText } from '../../shared/deep-json.js';
import { formatCount, printJson, say } from './output.js';

/** A value on one line, cut at this many characters: the state below (or --json) shows it whole. */
const VALUE_WIDTH = 80;

function short(value: Json | undefined): string {
  if (value === undefined) return '(none)';
  const text = jsonText(value);
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 1)}…` : text;
}

function describeChange(change: Change): string {
  if (change.kind === 'added') return `${change.path} = ${short(change.after)}`;
  if (change.kind === 'removed') return `${change.path} removed (was ${short(change.before)})`;
  return `${change.path} ${short(change.before)} → ${short(change.after)}`;
}

const plural = (n: number, one: string) => `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;

/** "merge-patch reducer", "snapshot reducer (merge-patch for money_withdrawn)", "reducer ledger.mjs". */
export function reducerLabel(reducer: string | undefined, byType: Record<string, string> | undefined, custom: boolean): string {
  if (custom) return `reducer ${reducer!.split(/[\\/]/).pop()}`;
  const types = Object.entries(byType ?? {}).map(([type, kind]) => `${kind} for ${type}`);
  return `${reducer ?? 'merge-patch'} reducer${types.length ? ` (${types.join(', ')})` : ''}`;
}

export interface ReplayText {
  result: ReplayResult;
  /** Events applied to reach the state. */
  applied: number;
  /** For a category: "account-*"; the heading then counts events rather than naming a version. */
  category: boolean;
  reducer: string;
}

export function printReplay({ result, applied, category, reducer }: ReplayText): void {
  if (result.field !== undefined) return printField(result.stream, result.field, reducer);
  const reached = category || result.version === null ? '' : ` after version ${result.version}`;
  const start = result.version === null ? ' at its initial state' : '';
  say`${result.stream}${reached}${start} (${plural(applied, 'event')}, ${reducer})`;
  if (result.failure) printFailure(result.failure);
  if (result.steps !== undefined) for (const step of result.steps) printStep(step, category);
  if (result.snapshots !== undefined) for (const snapshot of result.snapshots) printSnapshot(snapshot);
  if (result.steps !== undefined || result.snapshots !== undefined) say`state:`;
  printJson(result.state);
}

function printStep(step: ReplayStep, category: boolean): void {
  const where = category ? `position ${step.position}` : `version ${step.version}`;
  const changes = step.changes.length ? step.changes.map(describeChange).join('; ') : '(no change)';
  say`${where}\t${step.type}\t${step.time ?? '(no time)'}\t${changes}${step.note !== undefined ? ` (${step.note})` : ''}`;
}

function printSnapshot(snapshot: SnapshotCheck): void {
  if (snapshot.matches === null) say`snapshot at version ${snapshot.version}: not reached (the replay failed before it)`;
  else if (snapshot.matches) say`snapshot at version ${snapshot.version}: matches the replay`;
  else say`snapshot at version ${snapshot.version}: differs from the replay: ${snapshot.changes.map(describeChange).join('; ')}`;
}

function printFailure(failure: ReplayFailure): void {
  const where = failure.where !== null ? ` (${failure.where})` : '';
  say`the reducer failed at version ${failure.version} of ${failure.stream} (position ${failure.position}): ${failure.message}${where}; the state is the one before that event`;
}

function printField(stream: string, field: FieldHistory, reducer: string): void {
  say`${field.path} in ${stream} (${plural(field.entries.length, 'change')}, ${reducer})`;
  for (const entry of field.entries) {
    const value = 'value' in entry ? short(entry.value) : '(removed)';
    say`version ${entry.version}\tposition ${entry.position}\t${entry.type}\t${entry.time ?? '(no time)'}\t${value}`;
  }
  if (field.failure) printFailure(field.failure);
}
