// Axon's DomainEventEntry rows (JPA names, or Spring's snake_case domain_event_entry), with Jackson (JSON) or
// XStream (XML, Axon's default) serialization.
import type { FixtureEvent } from '../fixtures.js';
import { bytea, pascal, uuid } from './row-values.js';

export interface AxonOptions {
  serializer?: 'jackson' | 'xstream';
  snakeCase?: boolean;
  /** Payload and metadata columns as bytea ("\x…"), as a Postgres export of a bytea schema prints them. */
  asBytea?: boolean;
}

export function axonPayloadType(type: string): string {
  return `com.example.bank.${pascal(type)}`;
}

/** XStream writes an object's fields as nested elements named after them. */
function xmlFields(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value).map(([key, inner]) => `<${key}>${xmlFields(inner)}</${key}>`).join('');
}

function xml(type: string, data: unknown): string {
  return `<${axonPayloadType(type)}>${xmlFields(data)}</${axonPayloadType(type)}>`;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function axonRows(events: readonly FixtureEvent[], options: AxonOptions = {}) {
  const xstream = options.serializer === 'xstream';
  const stored = (text: string) => (options.asBytea ? bytea(text) : text);
  return events.map((event, i) => {
    const row: Record<string, unknown> = {
      globalIndex: i + 1,
      aggregateIdentifier: event.stream,
      sequenceNumber: event.version - 1,
      type: event.stream.startsWith('user') ? 'User' : 'Account',
      eventIdentifier: uuid(i),
      metaData: stored(xstream ? '<meta-data/>' : JSON.stringify(event.metadata ?? {})),
      payload: stored(xstream ? xml(event.type, event.data) : JSON.stringify(event.data)),
      payloadRevision: null,
      payloadType: axonPayloadType(event.type),
      timeStamp: event.time,
    };
    return options.snakeCase ? Object.fromEntries(Object.entries(row).map(([key, value]) => [snake(key), value])) : row;
  });
}
