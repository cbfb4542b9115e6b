// How an audit reads in the Findings panel: where a finding is and where a click on it goes, the hash chain in one
// line, payload shapes that changed, and a comparison of two exports in words. Plain functions, tested in Node.
import type { ChainCheck, EventDifference, FindingCount, JournalComparison, PayloadShape, TypeDrift } from '../../shared/audit.js';
import { formatCount, plural } from './format.js';

/** Where something is in the journal open: the fields a finding and a difference (in export A) share. */
export interface JournalPlace {
  stream: string | null;
  version: number | null;
  position: number | null;
}

/**
 * Where a click goes: a stream's version is shown in the Replay area; an event known only by its position is shown
 * in the Events table; a finding about the file as a whole (a line that was not JSON) goes nowhere.
 */
export type PlaceTarget = { kind: 'version'; stream: string; version: number; position: number | null } | { kind: 'event'; position: number } | null;

export function placeTarget(place: JournalPlace): PlaceTarget {
  if (place.stream !== null && place.version !== null) return { kind: 'version', stream: place.stream, version: place.version, position: place.position };
  if (place.position !== null) return { kind: 'event', position: place.position };
  return null;
}

/** "account-1 · version 4 · position 3", with the parts known; empty for the file as a whole. */
export function placeText(place: JournalPlace): string {
  const parts: string[] = [];
  if (place.stream !== null) parts.push(place.stream);
  if (place.version !== null) parts.push(`version ${formatCount(place.version)}`);
  if (place.position !== null) parts.push(`position ${formatCount(place.position)}`);
  return parts.join(' · ');
}

/** What a click on a finding does, for its button's title. */
export function targetHint(target: PlaceTarget): string {
  if (target === null) return '';
  return target.kind === 'version' ? `Replay ${target.stream} at version ${formatCount(target.version)}` : `Show the event at position ${formatCount(target.position)}`;
}

/** Every finding the audit counted, listed or not. */
export function totalFindings(counts: readonly FindingCount[]): number {
  return counts.reduce((sum, count) => sum + count.count, 0);
}

/** The hash chain in words: whether it holds, and where it breaks and why. */
export function chainText(chain: ChainCheck): { holds: boolean; text: string } {
  if (chain.brokenAt !== null) {
    const { position, reason } = chain.brokenAt;
    const before = chain.verifiedUpTo !== null ? ` (verified up to position ${formatCount(chain.verifiedUpTo)})` : '';
    return { holds: false, text: `Hash chain breaks at position ${formatCount(position)}: ${reason}${before}` };
  }
  if (chain.verifiedUpTo !== null) {
    return { holds: true, text: `Hash chain verified up to position ${formatCount(chain.verifiedUpTo)} (${plural(chain.events, 'event')} with a hash)` };
  }
  return { holds: true, text: 'No event carries a hash to check.' };
}

/** Types whose payload changed shape over time first; types with one shape are only counted. */
export function driftingTypes(drift: readonly TypeDrift[]): { drifting: TypeDrift[]; steady: number } {
  const drifting = drift.filter((type) => type.shapes.length > 1 || type.moreShapes > 0);
  return { drifting, steady: drift.length - drifting.length };
}

/** What changed in a shape from the one before it, one line per field, each with a text marker (+, −, ~). */
export function shapeChanges(shape: PayloadShape): { marker: '+' | '−' | '~'; kind: 'added' | 'removed' | 'changed'; text: string }[] {
  return [
    ...shape.added.map((text) => ({ marker: '+' as const, kind: 'added' as const, text })),
    ...shape.removed.map((text) => ({ marker: '−' as const, kind: 'removed' as const, text })),
    ...shape.retyped.map((text) => ({ marker: '~' as const, kind: 'changed' as const, text })),
  ];
}

/** "1 added, 0 removed, 2 modified" or, for two exports holding the same events, that they do. */
export function comparisonHeadline(comparison: JournalComparison): string {
  if (comparison.identical) return `Same events: both exports hold the same ${plural(comparison.a.events, 'event')}.`;
  return `${formatCount(comparison.added)} added, ${formatCount(comparison.removed)} removed, ${formatCount(comparison.modified)} modified in B`;
}

/** The warning an auditor must not miss: B changed events A already had, so history was rewritten, not extended. */
export function rewrittenWarning(comparison: JournalComparison): string | null {
  const count = comparison.rewritten;
  if (count <= 0) return null;
  const events = count === 1 ? '1 event of A was' : `${formatCount(count)} events of A were`;
  return `History was rewritten: ${events} modified or removed in B, though B goes on past them. An export that only grew would keep them as they were.`;
}

/** A difference's place in export A, where a click can go; added events are only in B, so they go nowhere. */
export function differenceTarget(difference: EventDifference): PlaceTarget {
  if (difference.kind === 'added') return null;
  return placeTarget({ stream: difference.stream, version: difference.version, position: difference.positionA });
}

/** "position 12 in A, 14 in B" for a difference, as far as each side has it. */
export function differencePositions(difference: EventDifference): string {
  const sides: string[] = [];
  if (difference.positionA !== null) sides.push(`position ${formatCount(difference.positionA)} in A`);
  if (difference.positionB !== null) sides.push(`${sides.length ? '' : 'position '}${formatCount(difference.positionB)} in B`);
  return sides.join(', ');
}

/** The event type on each side: one name when both agree. */
export function differenceType(difference: EventDifference): string {
  const { typeA, typeB } = difference;
  if (typeA !== null && typeB !== null && typeA !== typeB) return `${typeA} → ${typeB}`;
  return typeA ?? typeB ?? '';
}
