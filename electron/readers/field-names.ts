// Which field or column plays which role in an event, found by the names event stores commonly use.

export type Role = 'stream' | 'version' | 'position' | 'type' | 'data' | 'metadata' | 'time' | 'id';

/**
 * Candidate names per role, most specific first. Names are compared after lower-casing and dropping "_" and "-",
 * so "stream_id", "streamId" and "StreamId" are one name. Roles are given their columns in this order, so the event
 * id comes last: its bare "id" is the least telling name there is, and must never take a column another role reads.
 */
export const ROLE_NAMES: Record<Role, readonly string[]> = {
  stream: ['stream_id', 'stream_name', 'stream', 'aggregate_id', 'originator_id', 'aggregate', 'streamid'],
  version: ['version', 'stream_version', 'stream_position', 'sequence_number', 'originator_version', 'revision', 'event_number'],
  position: ['position', 'global_position', 'global_sequence', 'log_position', 'commit_position', 'global_version'],
  // A bare "name" is the type only where nothing else is: the seed article's serializer writes {"name", "data"}.
  type: ['type', 'event_type', 'message_type', 'event_name', 'topic', 'name'],
  data: ['data', 'payload', 'json_data', 'message_data', 'event_data', 'body', 'state'],
  metadata: ['metadata', 'meta', 'json_metadata', 'headers'],
  time: ['created', 'created_at', 'timestamp', 'time', 'recorded_at', 'occurred_at', 'created_utc'],
  // The store's own id of the event: event_id (Rails Event Store, SQL Stream Store, Commanded), message_id (Emmett,
  // Eventuous), eventIdentifier (Axon), eventId (KurrentDB). A table whose only candidate is an integer "id" key
  // gets it too: it is how that store names the event, while global order stays with position (or the rowid).
  id: ['event_id', 'message_id', 'event_identifier', 'event_uuid', 'message_uuid', 'uuid', 'id'],
};

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

const ROLES = Object.keys(ROLE_NAMES) as Role[];

/** Maps each role to the first available name that matches it; a name serves one role only. */
export function assignRoles(names: readonly string[]): Partial<Record<Role, string>> {
  const byNormal = new Map<string, string>();
  for (const name of names) if (!byNormal.has(normalizeName(name))) byNormal.set(normalizeName(name), name);
  const taken = new Set<string>();
  const roles: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    for (const candidate of ROLE_NAMES[role]) {
      const actual = byNormal.get(normalizeName(candidate));
      if (actual !== undefined && !taken.has(actual)) {
        roles[role] = actual;
        taken.add(actual);
        break;
      }
    }
  }
  return roles;
}
