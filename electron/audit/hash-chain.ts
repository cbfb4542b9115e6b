// EventSourcingDB's hash chain. Each event carries `hash` and `predecessorhash` (the hash of the event written before
// it; 64 zeros for the first). Its official clients verify an event as
//   hash = sha256hex( sha256hex(specversion|id|predecessorhash|time|source|subject|type|datacontenttype)
//                     + sha256hex(data as JSON) )
// with time the string the server wrote. The CloudEvents reader keeps those attributes in metadata for such events.
import { createHash } from 'node:crypto';
import type { AuditFinding, ChainCheck } from '../../shared/audit.js';
import { jsonText } from '../../shared/deep-json.js';
import type { Json, JournalEvent } from '../../shared/model.js';
import { fieldText } from '../readers/json/record-scanner.js';
import { at, quote } from './stream-checks.js';

export const GENESIS = '0'.repeat(64);
/** The attributes the metadata hash covers, in the order joined. */
const HASHED_ATTRIBUTES = ['specversion', 'id', 'predecessorhash', 'time', 'source', 'subject', 'type', 'datacontenttype'] as const;

function sha256hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash an event should carry, given its attributes and its data serialized as JSON. */
export function eventSourcingDbHash(attributes: Readonly<Record<string, Json>>, dataJson: string): string {
  const header = HASHED_ATTRIBUTES.map((name) => text(attributes[name])).join('|');
  return sha256hex(sha256hex(header) + sha256hex(dataJson));
}

function text(value: Json | undefined): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * JSON as Go's encoding/json writes it (the server is written in Go): like JSON.stringify, but <, > and & and the
 * line and paragraph separators are escaped, so JSON embedded in HTML stays inert.
 */
export function goJson(data: Json): string {
  return jsonText(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Whether a stored hash is the event's: tried with the data as the record holds it (the server's own bytes, exact for
 * numbers beyond double precision and for keys in any order), then as JavaScript writes it, then as Go does.
 */
function hashHolds(attributes: Readonly<Record<string, Json>>, data: Json, hash: string, record: string | undefined): boolean {
  const written = record === undefined ? null : writtenData(record);
  if (written !== null && eventSourcingDbHash(attributes, written) === hash) return true;
  // jsonText: JSON.stringify's text, also for data nested too deeply for it (a hostile payload must not stop the audit).
  const plain = jsonText(data);
  if (eventSourcingDbHash(attributes, plain) === hash) return true;
  const go = goJson(data) ?? 'null';
  return go !== plain && eventSourcingDbHash(attributes, go) === hash;
}

/**
 * The data as the record writes it: at the top of a CloudEvent, under `payload` in a line of EventSourcingDB's read
 * API, under `payload.event` in a line of its backup. Null where the record has none there.
 */
function writtenData(record: string): string | null {
  const top = fieldText(record, 'data');
  if (top !== null) return top;
  const payload = fieldText(record, 'payload');
  if (payload === null) return null;
  const event = fieldText(payload, 'event');
  return fieldText(event ?? payload, 'data');
}

/** The chain members of an event, when its metadata has them. */
function chainMembers(event: JournalEvent): { hash: string; predecessor: string; attributes: Record<string, Json> } | null {
  const metadata = event.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return null;
  const { hash, predecessorhash } = metadata;
  if (typeof hash !== 'string' || typeof predecessorhash !== 'string') return null;
  return { hash, predecessor: predecessorhash, attributes: metadata };
}

const short = (hash: string) => (hash.length > 16 ? `${hash.slice(0, 12)}…` : hash);

/**
 * Verifies the chain in global order: each event's predecessorhash must be the hash of the event before it, and
 * its hash must recompute from its content. Every break is a **hash-chain** finding (error), placed at the event
 * where it shows: a changed event at itself, a removed or inserted one at the event after the gap. Checking goes on
 * past a break (linking to the hash each event carries), so every changed event is named, while brokenAt and
 * verifiedUpTo speak of the first. A chain whose first event does not start from the genesis (64 zeros) is an
 * export that begins mid-chain: a **hash-chain** warning, the rest still verified.
 *
 * Data is hashed as the record holds it when the record is at hand (an NDJSON export), else as its parsed form
 * written out again; from a parsed form alone, data whose bytes no serializer here reproduces (an object with
 * integer-like keys after others, which JavaScript reorders; numbers beyond double precision) fails to verify.
 */
export class HashChain {
  private events = 0;
  private previous: { hash: string; event: JournalEvent } | null = null;
  private verifiedUpTo: number | null = null;
  private brokenAt: ChainCheck['brokenAt'] = null;

  constructor(private readonly report: (finding: AuditFinding) => void) {}

  visit(event: JournalEvent): void {
    const members = chainMembers(event);
    if (members === null) {
      // Inside a chain every event is hashed: one without is a break (an event slipped in without the server).
      if (this.previous !== null) this.broken(event, 'it carries no hash, inside a hash chain');
      return;
    }
    this.events += 1;
    const previous = this.previous;
    this.previous = { hash: members.hash, event };
    let fault: string | null = null;
    if (previous === null) {
      if (members.predecessor !== GENESIS) {
        this.report({
          severity: 'warning',
          kind: 'hash-chain',
          ...at(event),
          message:
            `The hash chain starts at position ${event.position} (stream ${quote(event.stream)} version ${event.version}) ` +
            `from predecessor ${short(members.predecessor)}, not from the first event: the events before it are not in this journal.`,
        });
      }
    } else if (members.predecessor !== previous.hash) {
      fault = `its predecessorhash ${short(members.predecessor)} is not the hash of the event before it (position ${previous.event.position}, ${short(previous.hash)})`;
    }
    if (fault === null && !hashHolds(members.attributes, event.data, members.hash, event.raw)) {
      fault = `its hash ${short(members.hash)} does not match its content as recomputed: the event is not as it was written`;
    }
    if (fault !== null) this.broken(event, fault);
    else if (this.brokenAt === null) this.verifiedUpTo = event.position;
  }

  /** Null when no event carries a hash. */
  result(): ChainCheck | null {
    return this.events === 0 ? null : { events: this.events, verifiedUpTo: this.verifiedUpTo, brokenAt: this.brokenAt };
  }

  private broken(event: JournalEvent, reason: string): void {
    this.brokenAt ??= { position: event.position, stream: event.stream, version: event.version, reason };
    this.report({
      severity: 'error',
      kind: 'hash-chain',
      ...at(event),
      message: `The hash chain breaks at position ${event.position} (stream ${quote(event.stream)} version ${event.version}): ${reason}.`,
    });
  }
}
