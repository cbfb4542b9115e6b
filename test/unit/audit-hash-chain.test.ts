// EventSourcingDB's hash chain: exports built here with node:crypto following the formula its clients verify with,
// then read as CloudEvents and audited: a sound chain verifies to its end; a changed event, a removed one or a
// missing beginning is reported where it shows.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { auditJournal } from '../../electron/audit/audit-journal.js';
import { AuditJournals, placed } from '../support/audit-journals.js';

const files = new AuditJournals();
afterAll(() => files.close());

const SOURCE = 'https://library.eventsourcingdb.io';
const ZEROS = '0'.repeat(64);
const sha256hex = (text: string) => createHash('sha256').update(text).digest('hex');

type DbEvent = Record<string, unknown> & { data: unknown; hash: string; predecessorhash: string };

/** Go's encoding/json escaping of <, > and &, for events whose server serialized data that way. */
const goEscaped = (json: string) => json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** Events as the server writes them: each hash over its attributes and data, chained to the one before. */
function chain(payloads: { subject: string; type: string; data: unknown }[], { go = false } = {}): DbEvent[] {
  let predecessorhash = ZEROS;
  return payloads.map(({ subject, type, data }, i) => {
    const event = {
      specversion: '1.0',
      id: String(i),
      // Nanoseconds, as the server writes them: the hash covers this string, not a normalized time.
      time: `2026-01-05T09:${String(i).padStart(2, '0')}:00.123456789Z`,
      source: SOURCE,
      subject,
      type,
      datacontenttype: 'application/json',
      data,
      predecessorhash,
    };
    const header = [event.specversion, event.id, event.predecessorhash, event.time, event.source, event.subject, event.type, event.datacontenttype].join('|');
    const json = JSON.stringify(data);
    const hash = sha256hex(sha256hex(header) + sha256hex(go ? goEscaped(json) : json));
    predecessorhash = hash;
    return { ...event, hash };
  });
}

const LIBRARY = [
  { subject: '/books/42', type: 'io.eventsourcingdb.library.book-acquired', data: { title: '2001 – A Space Odyssey', author: 'Arthur C. Clarke', isbn: '978-0756906788' } },
  { subject: '/books/42', type: 'io.eventsourcingdb.library.book-borrowed', data: { borrowedBy: '/readers/23', until: '2026-02-05' } },
  { subject: '/books/7', type: 'io.eventsourcingdb.library.book-acquired', data: { title: 'Dune', author: 'Frank Herbert', isbn: '978-0441172719' } },
  { subject: '/books/42', type: 'io.eventsourcingdb.library.book-returned', data: {} },
  { subject: '/books/7', type: 'io.eventsourcingdb.library.book-borrowed', data: { borrowedBy: '/readers/5', until: '2026-02-06', notes: ['first', 2] } },
];

async function audit(name: string, events: unknown[]) {
  const store = await files.open(files.writeLines(name, events));
  expect(store.summary.format).toBe('cloudevents');
  return auditJournal(store);
}

describe('an EventSourcingDB hash chain', () => {
  it('verifies to its last position when every link and hash holds', async () => {
    const result = await audit('sound.ndjson', chain(LIBRARY));
    expect(result.chain).toEqual({ events: 5, verifiedUpTo: 5, brokenAt: null });
    expect(placed(result, 'hash-chain')).toEqual([]);
  });

  it('verifies data the server serialized the Go way (<, > and & escaped)', async () => {
    const events = chain([{ subject: '/books/9', type: 'io.eventsourcingdb.library.book-acquired', data: { title: 'Tom & Jerry <3>' } }, ...LIBRARY], { go: true });
    const result = await audit('go-escaped.ndjson', events);
    expect(result.chain).toEqual({ events: 6, verifiedUpTo: 6, brokenAt: null });
  });

  it('breaks at an event whose data was changed after it was written', async () => {
    const events = chain(LIBRARY);
    events[2]!.data = { ...(events[2]!.data as object), author: 'Someone Else' };
    const result = await audit('tampered.ndjson', events);
    expect(result.chain).toEqual({
      events: 5,
      verifiedUpTo: 2,
      brokenAt: { position: 3, stream: `${SOURCE}#/books/7`, version: 1, reason: expect.stringContaining('does not match its content') },
    });
    // The links after it hold (each carries the hash the server gave): only the changed event is named.
    expect(placed(result, 'hash-chain')).toEqual([{ severity: 'error', kind: 'hash-chain', stream: `${SOURCE}#/books/7`, version: 1, position: 3 }]);
    expect(result.findings.find((finding) => finding.kind === 'hash-chain')!.message).toMatch(
      /^The hash chain breaks at position 3 \(stream "https:\/\/library\.eventsourcingdb\.io#\/books\/7" version 1\): its hash [0-9a-f]{12}… does not match its content/,
    );
  });

  it('breaks where an attribute the hash covers was changed (the time string as written)', async () => {
    const events = chain(LIBRARY);
    events[3]!.time = '2026-01-05T09:03:00.123456Z';
    const result = await audit('retimed.ndjson', events);
    expect(result.chain?.brokenAt?.position).toBe(4);
    expect(result.chain?.verifiedUpTo).toBe(3);
  });

  it('breaks at the event after one that was removed', async () => {
    const events = chain(LIBRARY);
    events.splice(2, 1);
    const result = await audit('removed.ndjson', events);
    expect(result.chain).toEqual({
      events: 4,
      verifiedUpTo: 2,
      brokenAt: { position: 3, stream: `${SOURCE}#/books/42`, version: 3, reason: expect.stringContaining('is not the hash of the event before it (position 2') },
    });
    expect(placed(result, 'hash-chain')).toEqual([{ severity: 'error', kind: 'hash-chain', stream: `${SOURCE}#/books/42`, version: 3, position: 3 }]);
  });

  it('that begins mid-chain is a warning, and the rest still verifies', async () => {
    const result = await audit('tail.ndjson', chain(LIBRARY).slice(2));
    expect(result.chain).toEqual({ events: 3, verifiedUpTo: 3, brokenAt: null });
    expect(placed(result, 'hash-chain')).toEqual([{ severity: 'warning', kind: 'hash-chain', stream: `${SOURCE}#/books/7`, version: 1, position: 1 }]);
  });

  it('is reported as broken at the first event when that one already fails', async () => {
    const events = chain(LIBRARY);
    events[0]!.hash = 'f'.repeat(64);
    const result = await audit('first-bad.ndjson', events);
    expect(result.chain?.verifiedUpTo).toBeNull();
    expect(result.chain?.brokenAt?.position).toBe(1);
    // Its successor names the stored hash as predecessor no more: a second break.
    expect(placed(result, 'hash-chain').map((finding) => finding.position)).toEqual([1, 2]);
  });
});

describe('data whose parsed form does not give its bytes back', () => {
  // An integer beyond double precision, and an integer-like key after another (JavaScript lists it first): only the
  // record's own text hashes to what the server computed.
  const DATA = '{"account":"/accounts/1","amount":12345678901234567890,"ledger":{"b":1,"10":2}}';

  /** NDJSON lines whose data is written as `data` text, each hash taken over exactly that text. */
  function writtenChain(texts: string[]): string[] {
    let predecessorhash = ZEROS;
    return texts.map((data, i) => {
      const attributes = { specversion: '1.0', id: String(i), time: `2026-01-05T09:0${i}:00Z`, source: SOURCE, subject: '/accounts/1', type: 'io.example.booked', datacontenttype: 'application/json' };
      const header = [attributes.specversion, attributes.id, predecessorhash, attributes.time, attributes.source, attributes.subject, attributes.type, attributes.datacontenttype].join('|');
      const hash = sha256hex(sha256hex(header) + sha256hex(data));
      const line = `{${Object.entries({ ...attributes, predecessorhash, hash }).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')},"data":${data}}`;
      predecessorhash = hash;
      return line;
    });
  }

  it('verifies, hashed as the record holds it', async () => {
    expect(JSON.stringify(JSON.parse(DATA))).not.toBe(DATA);
    const result = await audit('exact.ndjson', writtenChain([DATA, '{"note":"plain"}', DATA.replace('1/', '2/')]));
    expect(result.chain).toEqual({ events: 3, verifiedUpTo: 3, brokenAt: null });
    expect(placed(result, 'hash-chain')).toEqual([]);
  });

  it('still breaks when a digit past double precision was changed', async () => {
    const lines = writtenChain([DATA, DATA]);
    lines[1] = lines[1]!.replace('12345678901234567890', '12345678901234567891');
    const result = await audit('exact-tampered.ndjson', lines);
    expect(result.chain?.brokenAt).toMatchObject({ position: 2, reason: expect.stringContaining('does not match its content') });
  });
});

describe('journals without hashes', () => {
  it('have no chain', async () => {
    const plain = LIBRARY.map(({ subject, type, data }, i) => ({ specversion: '1.0', id: String(i), source: SOURCE, subject, type, data }));
    const result = await audit('plain.ndjson', plain);
    expect(result.chain).toBeNull();
  });
});
