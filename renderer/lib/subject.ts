// What the Replay area replays: one stream, every stream of its category, or the events a filter selects.
// A stream's steps are numbered by version; a cross-stream replay's by global position (versions repeat there).
import type { JournalEvent } from '../../shared/model.js';
import type { EventsRequest, ReplayAtRequest } from '../../shared/requests.js';
import { formatTimeCompact } from './format.js';

export interface EventFilter {
  types?: string[];
  from?: string;
  to?: string;
  text?: string;
  /** A payload field condition, `data.amount > 100`. */
  where?: string;
}

export type ReplaySubject =
  | { kind: 'stream'; stream: string }
  | { kind: 'category'; category: string }
  | { kind: 'filter'; filter: EventFilter };

/** The subject's part of a replayAt or fieldHistory request. */
export function subjectRequest(subject: ReplaySubject): Pick<ReplayAtRequest, 'stream' | 'category' | 'filter'> {
  if (subject.kind === 'stream') return { stream: subject.stream };
  if (subject.kind === 'category') return { category: subject.category };
  return { filter: { ...subject.filter } };
}

/** The same events through the events API, which lists them in the order the replay applies them. */
export function subjectEvents(subject: ReplaySubject): EventsRequest {
  if (subject.kind === 'stream') return { stream: subject.stream };
  if (subject.kind === 'category') return { category: subject.category };
  return { ...subject.filter };
}

export function subjectLabel(subject: ReplaySubject): string {
  if (subject.kind === 'stream') return subject.stream;
  if (subject.kind === 'category') return `All ${subject.category} streams`;
  return `Filtered events: ${describeFilter(subject.filter)}`;
}

export function describeFilter(filter: EventFilter): string {
  const parts: string[] = [];
  if (filter.types?.length) parts.push(`type ${filter.types.join(', ')}`);
  if (filter.text !== undefined) parts.push(`text "${filter.text}"`);
  if (filter.where !== undefined) parts.push(`where ${filter.where}`);
  if (filter.from !== undefined || filter.to !== undefined) parts.push(`time ${formatTimeCompact(filter.from ?? null)} → ${formatTimeCompact(filter.to ?? null)}`);
  return parts.length ? parts.join(' · ') : 'every event';
}

/** What numbers the steps: "version" for one stream, "position" across streams. */
export type StepKey = 'version' | 'position';

export function stepKey(subject: ReplaySubject): StepKey {
  return subject.kind === 'stream' ? 'version' : 'position';
}

export function keyOf(key: StepKey, event: JournalEvent): number {
  return key === 'version' ? event.version : event.position;
}

export function sameSubject(a: ReplaySubject | null, b: ReplaySubject | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
