import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventStoreAtom } from '../../electron/readers/formats/json/eventstoredb-atom.js';
import { atomXmlDocument } from '../../electron/readers/formats/xml/atom-xml.js';
import { readRecords } from '../support/exports/record-context.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const corpus = (name: string) => readFileSync(new URL(`../../../shared/corpus/eventstoredb/${name}`, import.meta.url), 'utf8');
const xmlPage = corpus('eventstore-atom-feed.xml');
const jsonPage = JSON.parse(corpus('read-stream.json')) as Record<string, unknown>;
const singleRead = JSON.parse(corpus('resolve-links.json')) as Record<string, unknown> & { content: Record<string, unknown> };

function entriesOf(page: Record<string, unknown>): Record<string, unknown>[] {
  return page.entries as Record<string, unknown>[];
}

/** Keys and value types, not values: two pages of the same stream at different times have the same shape. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return typeof value;
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#xD;');

/** A feed page of one entry, the way KurrentDB writes it. */
function feed(entry: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="${ATOM}">
  <title>Event stream 's'</title>
  <id>http://127.0.0.1:2113/streams/s</id>
  <updated>2024-01-01T00:00:00Z</updated>
  <author><name>KurrentDB</name></author>
  ${extra}
  <link href="http://127.0.0.1:2113/streams/s" rel="self" />
  <entry>
    ${entry}
    <id>http://127.0.0.1:2113/streams/s/0</id>
    <updated>2024-01-01T00:00:00Z</updated>
    <author><name>KurrentDB</name></author>
    <link href="http://127.0.0.1:2113/streams/s/0" rel="edit" />
  </entry>
</feed>`;
}

/** resolve-links.json as KurrentDB writes it in XML: a prefixed Atom entry, the event's JSON bodies as elements. */
const singleReadXml = `<?xml version="1.0" encoding="utf-8"?>
<atom:entry xmlns:atom="${ATOM}">
  <atom:title>0@shoppingCart-b989fe21-9469-4017-8d71-9820b8dd1167</atom:title>
  <atom:id>http://127.0.0.1:2113/streams/shoppingCart-b989fe21-9469-4017-8d71-9820b8dd1167/0</atom:id>
  <atom:updated>2018-08-28T12:56:15.263731Z</atom:updated>
  <atom:author><atom:name>Kurrent</atom:name></atom:author>
  <atom:summary>ItemAdded</atom:summary>
  <atom:link href="http://127.0.0.1:2113/streams/shoppingCart-b989fe21-9469-4017-8d71-9820b8dd1167/0" rel="edit" />
  <atom:link href="http://127.0.0.1:2113/streams/shoppingCart-b989fe21-9469-4017-8d71-9820b8dd1167/0" rel="alternate" />
  <atom:content type="application/xml">
    <eventStreamId>shoppingCart-b989fe21-9469-4017-8d71-9820b8dd1167</eventStreamId>
    <eventNumber>0</eventNumber>
    <eventType>ItemAdded</eventType>
    <eventId>b989fe21-9469-4017-8d71-9820b8dd1167</eventId>
    <data><Description>Xbox One Elite (Console)</Description></data>
    <metadata><TimeStamp>2016-12-23T10:00:00.9225401+01:00</TimeStamp></metadata>
  </atom:content>
</atom:entry>`;

describe('atomXmlDocument', () => {
  it('reads the corpus feed page as the JSON page', () => {
    const page = atomXmlDocument(xmlPage);
    expect(page.streamId).toBe('newstream');
    expect(page.author).toEqual({ name: 'KurrentDB' });
    expect((page.links as unknown[]).length).toBe(5);
    expect(page.links).toContainEqual({ uri: 'http://127.0.0.1:2113/streams/newstream/0/forward/20', relation: 'last' });
    expect(entriesOf(page)).toEqual([
      {
        title: '0@newstream',
        id: 'http://127.0.0.1:2113/streams/newstream/0',
        updated: '2013-06-29T15:12:53.570125Z',
        author: { name: 'KurrentDB' },
        summary: 'event-type',
        links: [
          { uri: 'http://127.0.0.1:2113/streams/newstream/0', relation: 'edit' },
          { uri: 'http://127.0.0.1:2113/streams/newstream/0', relation: 'alternate' },
        ],
      },
    ]);
  });

  it('gives the same shape as the JSON page of the same stream', () => {
    const page = atomXmlDocument(xmlPage);
    expect(entriesOf(page).map(shape)).toEqual(entriesOf(jsonPage).map(shape));
    expect(shape((page.links as unknown[])[0])).toEqual(shape((jsonPage.links as unknown[])[0]));
    // The XML feed lacks what KurrentDB writes in JSON only, and keeps its namespace declaration.
    const xmlOnly = Object.keys(page).filter((key) => !(key in jsonPage));
    const jsonOnly = Object.keys(jsonPage).filter((key) => !(key in page));
    expect(xmlOnly).toEqual(['@_xmlns']);
    expect(jsonOnly).toEqual(['headOfStream', 'selfUrl', 'eTag']);
    expect(Object.keys(page).filter((key) => key in jsonPage)).toEqual(Object.keys(jsonPage).filter((key) => key in page));
  });

  it('reads a single-event read with content as the JSON single-event read, which the JSON layout reads', () => {
    const entry = atomXmlDocument(singleReadXml);
    expect(entry).toEqual({
      ...singleRead,
      '@_xmlns:atom': ATOM,
      content: { ...singleRead.content, '@_type': 'application/xml' },
    });
    expect(Object.keys(entry).slice(0, 7)).toEqual(Object.keys(singleRead));
    expect(eventStoreAtom.matches(entry, 'object')).toBe(true);
    const [event] = readRecords(eventStoreAtom, [entry]);
    expect(event).toMatchObject({ stream: singleRead.content.eventStreamId, version: 0, type: 'ItemAdded', data: { Description: 'Xbox One Elite (Console)' } });
  });

  it('parses data and metadata held as JSON text, and keeps other text as it is', () => {
    const content = (data: string, metadata: string) =>
      `<content type="application/json"><eventStreamId>s</eventStreamId><eventNumber>12</eventNumber><eventType>t</eventType><eventId>e</eventId><data>${data}</data><metadata>${metadata}</metadata></content><title>12@s</title><summary>t</summary>`;
    const [entry] = entriesOf(atomXmlDocument(feed(content('{"a": [1, &quot;x&quot;]}', ''))));
    expect(entry!.content).toEqual({ eventStreamId: 's', eventNumber: 12, eventType: 't', eventId: 'e', data: { a: [1, 'x'] }, metadata: '', '@_type': 'application/json' });
    const [text] = entriesOf(atomXmlDocument(feed(content('not json', '{"broken":'))));
    expect(text!.content).toMatchObject({ data: 'not json', metadata: '{"broken":' });
  });

  it('keeps unknown elements and attributes under their own names', () => {
    const page = atomXmlDocument(
      feed(
        `<title type="text">0@s</title><summary>t</summary><retryCount xmlns="">2</retryCount><category term="a"/><category term="b"/>`,
        `<generator uri="https://kurrent.io" version="24">KurrentDB</generator><extension><a>1</a><a>2</a><b/></extension>`,
      ),
    );
    expect(page).toMatchObject({
      generator: { '@_uri': 'https://kurrent.io', '@_version': '24', '#text': 'KurrentDB' },
      extension: { a: ['1', '2'], b: '' },
    });
    const [entry] = entriesOf(page);
    expect(entry).toMatchObject({
      title: { '@_type': 'text', '#text': '0@s' },
      retryCount: { '@_xmlns': '', '#text': '2' },
      category: [{ '@_term': 'a' }, { '@_term': 'b' }],
    });
    expect(Object.keys(entry!)).toEqual(['title', 'id', 'updated', 'author', 'summary', 'links', 'retryCount', 'category']);
  });

  it('keeps entries in document order and an empty page as an empty list', () => {
    const entries = ['2', '1', '0'].map((n) => `<entry><title>${n}@s</title></entry>`).join('');
    const page = atomXmlDocument(`<feed xmlns="${ATOM}"><id>http://h/streams/%24ce-account</id>${entries}</feed>`);
    expect(entriesOf(page).map((entry) => entry.title)).toEqual(['2@s', '1@s', '0@s']);
    expect(page.streamId).toBe('$ce-account');
    const empty = atomXmlDocument(`<feed><id>urn:uuid:1</id></feed>`);
    expect(empty).toEqual({ id: 'urn:uuid:1', links: [], entries: [] });
  });

  it('decodes the predefined entities and character references, once', () => {
    const [entry] = entriesOf(atomXmlDocument(feed(`<title>a &amp; b &lt;&gt; &#x41;&#66; &#x1F600; &amp;#x41;</title><summary q="&quot;&apos;">x</summary>`)));
    expect(entry!.title).toBe('a & b <> AB 😀 &#x41;');
    expect(entry!.summary).toEqual({ '@_q': `"'`, '#text': 'x' });
  });

  it('refuses a DOCTYPE: entity expansion and external entities', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE feed [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<feed xmlns="${ATOM}"><title>&lol2;</title></feed>`;
    expect(() => atomXmlDocument(laughs)).toThrow('the XML declares a DOCTYPE at line 2, column 1; Eventlens does not read XML with declarations (entity expansion)');
    expect(() => atomXmlDocument(`<!DOCTYPE feed SYSTEM "file:///etc/passwd"><feed>&x;</feed>`)).toThrow(/declares a DOCTYPE/);
    expect(() => atomXmlDocument(`<feed><title>x</title><!DOCTYPE x [<!ENTITY a "b">]></feed>`)).toThrow(/declares a DOCTYPE at line 1, column 23/);
    // Not declarations: the same characters inside a comment or CDATA.
    expect(atomXmlDocument(`<!-- <!DOCTYPE x> --><feed><title><![CDATA[<!DOCTYPE y>]]></title></feed>`).title).toBe('<!DOCTYPE y>');
  });

  it('refuses entities XML does not predefine and references to characters XML does not allow', () => {
    expect(() => atomXmlDocument(`<feed>\n  <title>&nbsp;</title></feed>`)).toThrow('the XML has &nbsp; at line 2, column 10');
    expect(() => atomXmlDocument(`<feed><title>&#0;</title></feed>`)).toThrow(/&#0;/);
    expect(() => atomXmlDocument(`<feed><link href="a & b"/></feed>`)).toThrow(/a bare &/);
  });

  it('says where malformed XML goes wrong', () => {
    expect(() => atomXmlDocument(`<feed>\n  <title>x</title>\n  <entry>\n</feed>`)).toThrow(/^not well-formed XML at line 4, column 1: .*'entry'/);
    expect(() => atomXmlDocument('')).toThrow(/^not well-formed XML at line 1/);
    expect(() => atomXmlDocument('<feed/><feed/>')).toThrow('an XML document with 2 root elements; an Atom document has one');
  });

  it('refuses a document that is not Atom', () => {
    expect(() => atomXmlDocument(`<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>`)).toThrow(
      'an XML document whose root is <rss>, not an Atom <feed> or <entry>',
    );
    expect(() => atomXmlDocument(`<feed xmlns="urn:not-atom"/>`)).toThrow(/root <feed> is not in the Atom namespace/);
  });

  it('round-trips any title and summary text exactly', () => {
    // Every character XML 1.0 can carry, with markup characters made likely.
    const character = fc.oneof(
      fc.constantFrom('&', '<', '>', '"', "'", ';', ' ', '\t', '\n', '\r', ']]>'),
      fc.integer({ min: 0x20, max: 0xd7ff }).map((code) => String.fromCodePoint(code)),
      fc.integer({ min: 0xe000, max: 0xfffd }).map((code) => String.fromCodePoint(code)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
    );
    const text = fc.string({ unit: character, maxLength: 40 });
    fc.assert(
      fc.property(text, text, (title, summary) => {
        const [entry] = entriesOf(atomXmlDocument(feed(`<title>${escapeXml(title)}</title><summary>${escapeXml(summary)}</summary>`)));
        expect(entry!.title).toBe(title);
        expect(entry!.summary).toBe(summary);
      }),
    );
  });
});
