// Schema drift: the payload shapes each event type had over time, in global order. A type whose payloads gain,
// lose or retype fields has changed its schema, which replays and projections written for the old one may not read.
import type { AuditFinding, PayloadShape, TypeDrift } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { IdLedger } from './id-ledger.js';
import { payloadShape, splitField } from './payload-shape.js';
import { at, quote } from './stream-checks.js';

/** Shapes listed per type; later new shapes are counted (moreShapes) and still reported as findings. */
export const DEFAULT_MAX_SHAPES = 50;
/** Fields named per list in a finding's message. */
const NAMED = 5;

interface TypeShapes {
  shapes: PayloadShape[];
  /** Listed shapes by their fields, joined. */
  byKey: Map<string, PayloadShape>;
  /** Fingerprints of shapes beyond the listed ones: a type whose every payload differs stays small. */
  unlisted: IdLedger;
  moreShapes: number;
  /** The fields of the newest shape, listed or not: what the next new shape is compared with. */
  last: string[];
}

export interface ShapeChange {
  added: string[];
  removed: string[];
  retyped: string[];
  /**
   * True when a field changed between two kinds of value ("string → number"). A field that becomes null, or stops
   * being null, shows an optional field's two states, not a new schema, and does not count.
   */
  kindChanged: boolean;
}

/** From one shape's fields to the next's: paths added and removed (with their types), and paths whose type changed. */
export function compareShapes(before: readonly string[], after: readonly string[]): ShapeChange {
  const old = new Map(before.map(splitField));
  const now = new Map(after.map(splitField));
  const added = after.filter((field) => !old.has(splitField(field)[0]));
  const removed = before.filter((field) => !now.has(splitField(field)[0]));
  const retyped: string[] = [];
  let kindChanged = false;
  for (const [path, type] of now) {
    const was = old.get(path);
    if (was === undefined || was === type) continue;
    retyped.push(`${path}: ${was} → ${type}`);
    const [wasKinds, nowKinds] = [withoutNull(was), withoutNull(type)];
    if (wasKinds !== '' && nowKinds !== '' && wasKinds !== nowKinds) kindChanged = true;
  }
  return { added, removed, retyped, kindChanged };
}

function withoutNull(types: string): string {
  return types
    .split('|')
    .filter((type) => type !== 'null')
    .join('|');
}

/**
 * **schema-drift** (info; warning when a field changed its kind of value, see ShapeChange): an event type's payload has a
 * shape not seen before for that type, after its first; placed at the first event with the new shape. The finding
 * says which fields were added, removed or retyped compared with the shape that was new before it.
 */
export class SchemaDrift {
  private readonly types = new Map<string, TypeShapes>();

  constructor(
    private readonly report: (finding: AuditFinding) => void,
    private readonly maxShapes = DEFAULT_MAX_SHAPES,
  ) {}

  visit(event: JournalEvent): void {
    const fields = payloadShape(event.data);
    const key = fields.join('\n');
    let type = this.types.get(event.type);
    if (type === undefined) {
      type = { shapes: [], byKey: new Map(), unlisted: new IdLedger(), moreShapes: 0, last: fields };
      this.types.set(event.type, type);
      this.list(type, key, fields, event, { added: [], removed: [], retyped: [], kindChanged: false });
      return;
    }
    const seen = type.byKey.get(key);
    if (seen !== undefined) {
      seen.events += 1;
      return;
    }
    if (type.shapes.length >= this.maxShapes && type.unlisted.note(key, event.position) !== null) return;
    const change = compareShapes(type.last, fields);
    type.last = fields;
    this.reportChange(event, change);
    if (type.shapes.length < this.maxShapes) this.list(type, key, fields, event, change);
    else type.moreShapes += 1;
  }

  /** Types in order of their first event, each with its shapes in order of first appearance. */
  result(): TypeDrift[] {
    return [...this.types].map(([type, { shapes, moreShapes }]) => ({ type, shapes, moreShapes }));
  }

  private list(type: TypeShapes, key: string, fields: string[], event: JournalEvent, { added, removed, retyped }: ShapeChange): void {
    const shape: PayloadShape = { fields, firstPosition: event.position, firstTime: event.time, events: 1, added, removed, retyped };
    type.shapes.push(shape);
    type.byKey.set(key, shape);
  }

  private reportChange(event: JournalEvent, { added, removed, retyped, kindChanged }: ShapeChange): void {
    const parts = [named('added', added), named('removed', removed), named('retyped', retyped)].filter((part) => part !== '');
    this.report({
      severity: kindChanged ? 'warning' : 'info',
      kind: 'schema-drift',
      ...at(event),
      message:
        `Event type ${quote(event.type)} has a new payload shape from position ${event.position} ` +
        `(stream ${quote(event.stream)} version ${event.version}): ${parts.join('; ')}.`,
    });
  }
}

function named(what: string, fields: readonly string[]): string {
  if (fields.length === 0) return '';
  const more = fields.length > NAMED ? ` and ${fields.length - NAMED} more` : '';
  return `${what} ${fields.slice(0, NAMED).join(', ')}${more}`;
}
