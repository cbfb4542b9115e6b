// KurrentDB / EventStoreDB HTTP API shapes: a feed page read with ?embed=body (newest first, bodies as JSON text)
// and single-event reads (bare content, or wrapped in an Atom entry).
import type { FixtureEvent } from '../fixtures.js';

const HOST = 'http://127.0.0.1:2113';

export function eventId(i: number): string {
  return `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/**
 * A page of the stream `feedStream` (e.g. a projection linking every bank event), holding the given events in
 * order as its events 0, 1, …: entries are listed newest first, as the server sends them.
 */
export function atomFeedPage(events: readonly FixtureEvent[], feedStream = 'bank-ledger') {
  const entries = events.map((event, i) => ({
    title: `${i}@${feedStream}`,
    id: `${HOST}/streams/${feedStream}/${i}`,
    updated: event.time,
    author: { name: 'EventStore' },
    summary: event.type,
    eventId: eventId(i),
    eventType: event.type,
    eventNumber: event.version - 1,
    data: JSON.stringify(event.data),
    ...(event.metadata !== undefined && { metaData: JSON.stringify(event.metadata) }),
    streamId: event.stream,
    isJson: true,
    isMetaData: event.metadata !== undefined,
    isLinkMetaData: false,
    positionEventNumber: i,
    positionStreamId: feedStream,
    links: [
      { uri: `${HOST}/streams/${feedStream}/${i}`, relation: 'edit' },
      { uri: `${HOST}/streams/${feedStream}/${i}`, relation: 'alternate' },
    ],
  }));
  return {
    title: `Event stream '${feedStream}'`,
    id: `${HOST}/streams/${feedStream}`,
    updated: events.at(-1)?.time,
    streamId: feedStream,
    author: { name: 'EventStore' },
    headOfStream: true,
    links: [{ uri: `${HOST}/streams/${feedStream}`, relation: 'self' }],
    entries: entries.reverse(),
  };
}

/** GET /streams/{stream}/{n} as JSON content: data is the JSON itself, metadata "" when there is none. */
export function atomEventReads(events: readonly FixtureEvent[]) {
  return events.map((event, i) => ({
    eventStreamId: event.stream,
    eventNumber: event.version - 1,
    eventType: event.type,
    eventId: eventId(i),
    data: event.data,
    metadata: event.metadata ?? '',
  }));
}

/** The same reads in the Atom entry format (application/vnd.eventstore.atom+json): the event is the entry's content. */
export function atomEventReadEntries(events: readonly FixtureEvent[]) {
  return atomEventReads(events).map((content, i) => ({
    title: `${content.eventNumber}@${content.eventStreamId}`,
    id: `${HOST}/streams/${content.eventStreamId}/${content.eventNumber}`,
    updated: events[i]!.time,
    author: { name: 'EventStore' },
    summary: content.eventType,
    content,
    links: [{ uri: `${HOST}/streams/${content.eventStreamId}/${content.eventNumber}`, relation: 'edit' }],
  }));
}
