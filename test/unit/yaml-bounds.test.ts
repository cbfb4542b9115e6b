// Rails Event Store payloads are YAML, and YAML aliases repeat a node without repeating its text: a payload's
// aliases may expand it to ten times its text (or a megabyte), no more. Past that it is shown as the text it is, with
// a finding, in bounded time and memory, instead of growing a hundredfold when it is decoded, copied and paged.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRubyPayload } from '../../electron/readers/formats/sqlite/ruby-payload.js';
import { tempFolder } from '../support/fixtures.js';
import { writeRailsEventStore } from '../support/stores/rails-event-store.js';
import { readStore } from '../support/stores/read.js';

const folder = tempFolder('eventlens-yaml-bounds-');
afterAll(() => folder.remove());

/** One anchor of `items` short entries (about 40 characters each), aliased `aliases` times. */
function aliasBomb(items: number, aliases: number): string {
  const anchored = Array.from({ length: items }, (_, i) => `  - {line: ${i}, text: some words of the entry}`).join('\n');
  return `---\nfirst: &big\n${anchored}\ncopies:\n${Array.from({ length: aliases }, () => '  - *big').join('\n')}\n`;
}

const megabytes = (bytes: number) => bytes / (1024 * 1024);

describe('YAML payloads whose aliases expand them', () => {
  it('refuse a payload with one large anchor aliased 99 times: shown as its text, with a problem, in bounded time and memory', () => {
    // 1.8 MB of text that would expand to 180 MB (4 million objects once decoded and copied for each alias).
    const text = aliasBomb(40_000, 99);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const decoded = decodeRubyPayload(Buffer.from(text));
    const seconds = (performance.now() - started) / 1000;
    const grewMb = megabytes(process.memoryUsage().rss - rssBefore);
    expect(decoded.value).toBe(text);
    expect(decoded.problem).toMatch(/^cannot be read as YAML \(its aliases expand it past [\d,]+ characters, 10 times its text or a megabyte\)$/);
    // The yaml library parses 1.8 MB in a few seconds on a loaded machine; what remains is one walk of its nodes.
    expect(seconds).toBeLessThan(30);
    // Parsing the text takes about 200 MB; decoding the expansion, and copying it as an event, took about a gigabyte.
    expect(grewMb).toBeLessThan(500);
  });

  it('refuse an anchor that holds an alias of itself', () => {
    const text = '--- &loop\n- 1\n- *loop\n';
    const decoded = decodeRubyPayload(text);
    expect(decoded.value).toBe(text);
    expect(decoded.problem).toMatch(/^cannot be read as YAML/);
  });

  it('read anchors as Psych writes them (an object dumped twice), and aliases of aliases within the bound', () => {
    expect(decodeRubyPayload('---\nbilling: &1\n  city: Lyon\n  zip: "69001"\nshipping: *1\n')).toEqual({
      value: { billing: { city: 'Lyon', zip: '69001' }, shipping: { city: 'Lyon', zip: '69001' } },
    });
    // 8 aliases of a node of 8 aliases of a small list: 64 copies of it, a few kilobytes, well within a megabyte.
    const nested = `---\na: &a [1, 2, 3]\nb: &b [${Array(8).fill('*a').join(', ')}]\nc: [${Array(8).fill('*b').join(', ')}]\n`;
    const decoded = decodeRubyPayload(nested);
    expect(decoded.problem).toBeUndefined();
    expect((decoded.value as { c: number[][][] }).c.flat(2)).toHaveLength(8 * 8 * 3);
  });

  it('count what aliases of aliases expand to, not how many there are', () => {
    // Each level aliases the one before it 9 times: 9^7 (4.8 million) copies of a 40-character scalar from 300
    // characters of text. Within the alias count the yaml library allows per anchor, far past the size bound.
    const levels = ['---', 'l0: &l0 "0123456789012345678901234567890123456789"'];
    for (let i = 1; i <= 7; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    const text = levels.join('\n') + '\n';
    const started = performance.now();
    const decoded = decodeRubyPayload(text);
    expect(decoded.value).toBe(text);
    expect(decoded.problem).toMatch(/^cannot be read as YAML \(its aliases expand it past 1,048,576 characters/);
    expect((performance.now() - started) / 1000).toBeLessThan(10);
  });

  it('leave such a payload to its event as text, with a finding naming the event, in a Rails Event Store', async () => {
    const path = join(folder.path, 'bomb.sqlite3');
    writeRailsEventStore(path, 'yaml');
    const text = aliasBomb(40_000, 99);
    const db = new Database(path);
    db.prepare('UPDATE event_store_events SET data = ? WHERE id = 2').run(Buffer.from(text));
    db.close();
    const journal = await readStore(path);
    const event = journal.events.find((e) => e.data === text);
    expect(event).toBeDefined();
    expect(journal.findings.list.map((f) => f.message)).toEqual([
      expect.stringMatching(/^bomb\.sqlite3 event \S+ \(row 2 of event_store_events\): the data cannot be read as YAML \(its aliases expand it past [\d,]+ characters.*\); shown as text\.$/),
    ]);
  });
});
