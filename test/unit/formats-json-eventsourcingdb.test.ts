// EventSourcingDB's own lines: its read API ({"type":"event","payload":<event with hash>}) and its backups
// ({"type":"event","payload":{"event":<event>,"hash":"…"}}), hash-chained; read and verified from the bytes written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventSourcingDbHash, GENESIS } from '../../electron/audit/hash-chain.js';
import { eventSourcingDb } from '../../electron/readers/formats/json/eventsourcingdb.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { tempFolder } from '../support/fixtures.js';
import { readRecords, recordContext } from '../support/exports/record-context.js';

const folder = tempFolder('eventlens-esdb-');
const caches = tempFolder('eventlens-esdb-cache-');
afterAll(() => {
  folder.remove();
  caches.remove();
});

/** A chain of events as the server writes them; `dataText` is the data's JSON as written (key order, spacing). */
function chain(dataTexts: string[]): Record<string, unknown>[] {
  let predecessor = GENESIS;
  return dataTexts.map((dataText, i) => {
    const attributes = {
      specversion: '1.0',
      id: String(i),
      time: `2024-01-01T12:0${i}:00.000000${i}00Z`,
      source: 'tag:bank,2024:app',
      subject: `/accounts/${i % 2}`,
      type: 'io.bank.deposited',
      datacontenttype: 'application/json',
      predecessorhash: predecessor,
    };
    const hash = eventSourcingDbHash(attributes, dataText);
    predecessor = hash;
    return { ...attributes, data: JSON.parse(dataText) as unknown, hash, dataText };
  });
}

/** The backup's line text, with the data's bytes exactly as given. */
function backupLine(event: Record<string, unknown>): string {
  const { hash, dataText, data: _data, ...attributes } = event;
  const head = JSON.stringify({ ...attributes }).slice(0, -1);
  return `{"type":"event","payload":{"event":${head},"data":${String(dataText)}},"hash":${JSON.stringify(hash)}}}`;
}

function readApiLine(event: Record<string, unknown>): string {
  const { dataText, data: _data, ...attributes } = event;
  return `{"type":"event","payload":${JSON.stringify(attributes).slice(0, -1)},"data":${String(dataText)}}}`;
}

async function audit(name: string, lines: string[]) {
  writeFileSync(join(folder.path, name), lines.join('\n') + '\n');
  const path = join(folder.path, name);
  const service = new JournalService({ samplePath: path, cacheDir: caches.path });
  try {
    const summary = await service.openJournal({ path });
    return { summary, audit: await service.audit() };
  } finally {
    await service.close();
  }
}

describe('the eventsourcingdb layout', () => {
  const events = chain(['{"amount":5}', '{"amount":7}', '{"amount":9}']);

  it('reads backup lines: subject is the stream, id the store position, every attribute and the hash in metadata', () => {
    const context = recordContext('backup.ndjson');
    const records = events.map((event) => JSON.parse(backupLine(event)) as Record<string, unknown>);
    expect(eventSourcingDb.matches(records[0]!, 'lines')).toBe(true);
    const read = readRecords(eventSourcingDb, records, context);
    expect(read.map((e) => [e.stream, e.version, e.position, e.id])).toEqual([
      ['/accounts/0', 1, 0, '0'],
      ['/accounts/1', 1, 1, '1'],
      ['/accounts/0', 2, 2, '2'],
    ]);
    expect(read[0]!.data).toEqual({ amount: 5 });
    expect(read[0]!.metadata).toMatchObject({ time: '2024-01-01T12:00:00.000000000Z', predecessorhash: GENESIS, hash: events[0]!.hash, specversion: '1.0' });
    expect(context.findings.total).toBe(0);
  });

  it('reads read-API lines the same way', () => {
    const records = events.map((event) => JSON.parse(readApiLine(event)) as Record<string, unknown>);
    const read = readRecords(eventSourcingDb, records);
    expect(read.map((e) => (e.metadata as Record<string, unknown>).hash)).toEqual(events.map((e) => e.hash));
  });

  it('leaves out lines that are no event, saying so once', () => {
    const context = recordContext('backup.ndjson');
    const records = [{ type: 'heartbeat' }, JSON.parse(backupLine(events[0]!)) as Record<string, unknown>, { type: 'heartbeat' }];
    expect(readRecords(eventSourcingDb, records, context)).toHaveLength(1);
    expect(context.findings.list.map((f) => [f.severity, f.kind])).toEqual([['info', 'not-an-event']]);
  });

  it('verifies the chain from the data as written, even where no serializer here writes it alike', async () => {
    // Keys in an order JavaScript would change (integer-like keys go first) and spacing: only the bytes verify.
    const odd = chain(['{"b": 1, "10": 2}', '{"amount":7}']);
    for (const [name, line] of [
      ['backup.ndjson', backupLine],
      ['read.ndjson', readApiLine],
    ] as const) {
      const { summary, audit: result } = await audit(name, odd.map(line));
      expect(summary.format).toBe('eventsourcingdb');
      expect(result.chain).toEqual({ events: 2, verifiedUpTo: 1, brokenAt: null });
      expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    }
  });

  it('breaks the chain where a backup line was changed', async () => {
    const lines = events.map(backupLine);
    lines[1] = lines[1]!.replace('"amount":7', '"amount":70');
    const { audit: result } = await audit('tampered.ndjson', lines);
    expect(result.chain?.brokenAt?.position).toBe(1);
    expect(result.findings.some((f) => f.kind === 'hash-chain' && f.severity === 'error')).toBe(true);
  });
});
