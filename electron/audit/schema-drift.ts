// Schema drift: how each event type's payload schema changed over time, in global order. Events often carry only
// some fields (a partial update), so a schema is what the type's events have shown so far, not one payload's shape:
// it changes when a field appears for the first time, when a field takes a kind of value it never had, and when a
// field stops appearing for good. Projections written for the old schema may not read the new one.
import type { AuditFinding, PayloadShape, TypeDrift } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { payloadShape, splitField } from './payload-shape.js';
import { quote } from './stream-checks.js';

/** Schema versions listed per type; later ones are counted (moreShapes) and still reported as findings. */
export const DEFAULT_MAX_SHAPES = 50;
/** Fields named per list in a finding's message. */
const NAMED = 5;
/**
 * A field "stopped" when the type's events after its last appearance are at least this many times the usual spacing
 * between its appearances (and at least STOPPED_MIN_EVENTS): an optional field keeps turning up, a dropped one does not.
 */
const STOPPED_SPACINGS = 5;
const STOPPED_MIN_EVENTS = 20;

interface Place {
  /** The event's ordinal among the type's events (0 = the first). */
  ordinal: number;
  position: number;
  stream: string;
  version: number;
  time: string | null;
}

interface FieldRecord {
  /** Kinds of value seen, null apart: "string", "number|string". */
  kinds: Set<string>;
  seenNull: boolean;
  appearances: number;
  lastOrdinal: number;
  /** The type's first event after the field's last appearance; null while the field keeps appearing. */
  firstWithout: Place | null;
}

interface Change {
  place: Place;
  /** The first event's fields: the type's first schema. */
  initial: string[];
  added: string[];
  removed: string[];
  retyped: { path: string; before: string; after: string }[];
  /** A field took a second kind of value (string → number): a warning, where null ↔ value is an optional field. */
  kindChanged: boolean;
}

interface TypeRecord {
  events: number;
  fields: Map<string, FieldRecord>;
  changes: Change[];
}

export class SchemaDrift {
  private readonly types = new Map<string, TypeRecord>();
  private finished: TypeDrift[] | null = null;

  constructor(
    private readonly report: (finding: AuditFinding) => void,
    private readonly maxShapes = DEFAULT_MAX_SHAPES,
    /** Why payload kinds of one type vary by design in this store (store-numbering.ts); a retyped field is then info. */
    private readonly shapesVary?: string,
  ) {}

  visit(event: JournalEvent): void {
    let type = this.types.get(event.type);
    if (type === undefined) {
      type = { events: 0, fields: new Map(), changes: [] };
      this.types.set(event.type, type);
    }
    const place: Place = { ordinal: type.events, position: event.position, stream: event.stream, version: event.version, time: event.time };
    const first = type.events === 0;
    type.events += 1;
    const present = new Set<string>();
    const initial: string[] = [];
    const added: string[] = [];
    const retyped: Change['retyped'] = [];
    let kindChanged = false;
    for (const field of payloadShape(event.data)) {
      const [path, types] = splitField(field);
      present.add(path);
      let record = type.fields.get(path);
      if (record === undefined) {
        record = { kinds: new Set(), seenNull: false, appearances: 0, lastOrdinal: 0, firstWithout: null };
        type.fields.set(path, record);
        (first ? initial : added).push(field);
      }
      const before = describeKinds(record);
      let newKind = false;
      for (const kind of types.split('|')) {
        if (kind === 'null') record.seenNull = true;
        else if (!record.kinds.has(kind)) {
          newKind = record.kinds.size > 0 || (record.appearances > 0 && !first);
          record.kinds.add(kind);
        }
      }
      // A field first seen as null and then with a value is an optional field filled in, not a retype.
      if (record.appearances > 0 && newKind) {
        retyped.push({ path, before, after: describeKinds(record) });
        if (record.kinds.size > 1) kindChanged = true;
      }
      record.appearances += 1;
      record.lastOrdinal = place.ordinal;
      record.firstWithout = null;
    }
    for (const [path, record] of type.fields) if (!present.has(path) && record.firstWithout === null) record.firstWithout = place;
    if (first || added.length || retyped.length) type.changes.push({ place, initial, added, removed: [], retyped, kindChanged });
  }

  /** Types in order of their first event, each with its schema versions in order. Reports the drift findings once. */
  result(): TypeDrift[] {
    if (this.finished) return this.finished;
    this.finished = [...this.types].map(([name, type]) => this.finish(name, type));
    return this.finished;
  }

  private finish(name: string, type: TypeRecord): TypeDrift {
    // Fields that stopped appearing become a change at the first event without them.
    const stops = new Map<number, Change>();
    for (const [path, record] of type.fields) {
      const without = record.firstWithout;
      if (without === null) continue;
      const after = type.events - 1 - record.lastOrdinal;
      const spacing = (record.lastOrdinal + 1) / record.appearances;
      if (after < Math.max(STOPPED_MIN_EVENTS, STOPPED_SPACINGS * spacing)) continue;
      let change = stops.get(without.ordinal);
      if (change === undefined) stops.set(without.ordinal, (change = { place: without, initial: [], added: [], removed: [], retyped: [], kindChanged: false }));
      change.removed.push(`${path}:${describeKinds(record)}`);
    }
    const changes = mergeChanges([...type.changes, ...stops.values()]);
    const shapes: PayloadShape[] = [];
    let moreShapes = 0;
    const fields = new Map<string, string>();
    changes.forEach((change, index) => {
      for (const field of [...change.initial, ...change.added]) fields.set(splitField(field)[0], field);
      for (const field of change.removed) fields.delete(splitField(field)[0]);
      for (const { path, after } of change.retyped) fields.set(path, `${path}:${after}`);
      const next = changes[index + 1]?.place.ordinal ?? type.events;
      if (shapes.length < this.maxShapes) {
        shapes.push({
          fields: [...fields.values()].sort(),
          firstPosition: change.place.position,
          firstTime: change.place.time,
          events: next - change.place.ordinal,
          added: change.added,
          removed: change.removed,
          retyped: change.retyped.map(retypeText),
        });
      } else {
        moreShapes += 1;
      }
      if (index > 0) this.reportChange(name, change);
    });
    return { type: name, shapes, moreShapes };
  }

  private reportChange(type: string, { place, added, removed, retyped, kindChanged }: Change): void {
    const parts = [named('added', added), named('stopped', removed), named('retyped', retyped.map(retypeText))].filter((part) => part !== '');
    this.report({
      severity: kindChanged && this.shapesVary === undefined ? 'warning' : 'info',
      kind: 'schema-drift',
      stream: place.stream,
      version: place.version,
      position: place.position,
      message:
        `Event type ${quote(type)} changed its payload schema at position ${place.position} ` +
        `(stream ${quote(place.stream)} version ${place.version}): ${parts.join('; ')}` +
        `${kindChanged && this.shapesVary !== undefined ? `; ${this.shapesVary}` : ''}.`,
    });
  }
}

/** Changes at the same event merged, in the type's order. */
function mergeChanges(changes: Change[]): Change[] {
  const byOrdinal = new Map<number, Change>();
  for (const change of changes.sort((a, b) => a.place.ordinal - b.place.ordinal)) {
    const same = byOrdinal.get(change.place.ordinal);
    if (same === undefined) byOrdinal.set(change.place.ordinal, { ...change, initial: [...change.initial], added: [...change.added], removed: [...change.removed], retyped: [...change.retyped] });
    else {
      same.initial.push(...change.initial);
      same.added.push(...change.added);
      same.removed.push(...change.removed);
      same.retyped.push(...change.retyped);
      same.kindChanged ||= change.kindChanged;
    }
  }
  return [...byOrdinal.values()];
}

function retypeText({ path, before, after }: Change['retyped'][number]): string {
  return `${path}: ${before} → ${after}`;
}

function describeKinds(record: FieldRecord): string {
  const kinds = [...record.kinds].sort();
  if (record.seenNull) kinds.push('null');
  return kinds.length ? kinds.join('|') : 'null';
}

function named(what: string, fields: readonly string[]): string {
  if (fields.length === 0) return '';
  const more = fields.length > NAMED ? ` and ${fields.length - NAMED} more` : '';
  return `${what} ${fields.slice(0, NAMED).join(', ')}${more}`;
}
