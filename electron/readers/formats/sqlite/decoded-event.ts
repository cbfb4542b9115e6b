// For stores whose payloads the layout decodes itself (YAML, ciphers, commit lists): the shared rules of
// EventBuilder still apply to stream, type, version and time, while the decoded payload is kept as it is.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { EventBuilder } from '../../event-builder.js';
import { extraOf, withStoredVersion } from './other-columns.js';

export interface EventColumns {
  stream: unknown;
  version: unknown;
  position: unknown;
  type: unknown;
  time: unknown;
  /** The store's own id of the event; absent for stores that give events none (commits, originator versions). */
  id?: unknown;
}

/** `extra` is the row's other columns as selected (other-columns.ts). */
export function buildDecoded(
  builder: EventBuilder,
  columns: EventColumns,
  data: Json,
  metadata: Json,
  place: string,
  order: number,
  extra?: unknown,
  /** Fields the layout found in the payloads and keeps beside them (type names, YAML tags). */
  found?: { [name: string]: Json },
): JournalEvent | null {
  // The builder would parse a decoded string payload a second time ("42" → 42), so payloads go in afterwards.
  const event = builder.build((role) => (role === 'data' || role === 'metadata' ? null : columns[role]), place, order);
  if (event === null) return null;
  event.data = data;
  event.metadata = metadata;
  const selected = extraOf(extra);
  const others = withStoredVersion(found === undefined ? selected : { ...selected, ...found }, columns.version);
  if (others !== undefined) event.extra = others;
  return event;
}
