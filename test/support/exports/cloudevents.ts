// CloudEvents exports made by the official SDK: each event is the body of a structured-mode HTTP message.
import { CloudEvent, HTTP } from 'cloudevents';
import type { FixtureEvent } from '../fixtures.js';

export const LEDGER_SOURCE = 'https://bank.example/ledger';

/** One JSON body per event: subject = the stream, sequence = the version, fixture metadata as extensions. */
export function cloudEventBodies(events: readonly FixtureEvent[], source = LEDGER_SOURCE): string[] {
  return events.map((event, i) => {
    const extensions = typeof event.metadata === 'object' && event.metadata !== null && !Array.isArray(event.metadata) ? event.metadata : {};
    const cloudEvent = new CloudEvent({
      id: `evt-${i + 1}`,
      source,
      subject: event.stream,
      type: event.type,
      time: event.time,
      data: event.data,
      sequence: String(event.version),
      ...extensions,
    });
    return HTTP.structured(cloudEvent).body as string;
  });
}

/** A batch (application/cloudevents-batch+json): a JSON array of the events. */
export function cloudEventBatch(bodies: readonly string[]): unknown[] {
  return bodies.map((body) => JSON.parse(body) as unknown);
}

/** An event whose payload is bytes: the SDK writes them as data_base64. */
export function binaryCloudEventBody(bytes: Uint8Array, datacontenttype: string): string {
  return HTTP.structured(new CloudEvent({ id: 'blob-1', source: LEDGER_SOURCE, subject: 'statements', type: 'statement_rendered', datacontenttype, data: bytes })).body as string;
}
