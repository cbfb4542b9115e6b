import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import proto from '@temporalio/proto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTemporalHistory, looksLikeProtobufHistory } from '../../electron/readers/formats/temporal-binary.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { tempFolder } from '../support/fixtures.js';

const { History } = proto.temporal.api.history.v1;

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);
const BIN = new Uint8Array(readFileSync(new URL('unsupported/temporal-cancel_fake_progress_history.bin', CORPUS)));
const JSON_HISTORY = JSON.parse(readFileSync(new URL('temporal/cancel_fake_progress_history.json', CORPUS), 'utf8')) as {
  events: { eventType: string }[];
};

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/;

/** "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED" → "WorkflowExecutionStarted", the names older JSON histories use. */
function oldStyleName(eventType: unknown): string {
  return String(eventType)
    .replace(/^EVENT_TYPE_/, '')
    .split('_')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join('');
}

/** The value at a path of keys and indexes, for reading deep into decoded events. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], value);
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

function encode(history: Record<string, unknown>): Uint8Array {
  return History.encode(History.fromObject(history)).finish();
}

const START = { eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', workflowExecutionStartedEventAttributes: {} };

describe('decodeTemporalHistory on the corpus history', () => {
  const history = decodeTemporalHistory(BIN);
  const events = history?.events ?? [];

  it('reads the 16 events, numbered 1..16, in the order the JSON export of the same workflow has them', () => {
    expect(events).toHaveLength(16);
    expect(events.map((event) => event.eventId)).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
    expect(events.map((event) => oldStyleName(event.eventType))).toEqual(JSON_HISTORY.events.map((event) => event.eventType));
  });

  it('writes the start event as the CLI JSON does: names, enum names, int64 strings, RFC 3339 times, duration strings', () => {
    const [start] = events;
    expect(start).toMatchObject({
      eventId: '1',
      eventTime: '2022-01-13T18:46:34.661949924Z',
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      taskId: '1055902',
      workflowExecutionStartedEventAttributes: {
        workflowType: { name: 'cancelFakeProgress' },
        taskQueue: { name: 'test', kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: {},
        workflowTaskTimeout: '10s',
        firstWorkflowTaskBackoff: '0s',
        attempt: 1,
        header: {},
      },
    });
    // Defaults the server did not write stay out, as in the CLI's JSON.
    expect(start).not.toHaveProperty('version');
    for (const event of events) expect(event.eventTime).toMatch(RFC3339);
    expect(at(events[4], 'activityTaskScheduledEventAttributes', 'heartbeatTimeout')).toBe('3s');
    expect(at(events[4], 'activityTaskScheduledEventAttributes', 'retryPolicy')).toEqual({
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '100s',
    });
  });

  it('writes payload metadata values in base64', () => {
    const payload = at(events[15], 'workflowExecutionCompletedEventAttributes', 'result', 'payloads', 0);
    expect(payload).toEqual({ metadata: { encoding: base64('binary/null') } });
  });
});

describe('decodeTemporalHistory on a history encoded here', () => {
  it('round-trips timestamps, durations, int64s, enums and payload bytes into proto3 JSON', () => {
    const bytes = encode({
      events: [
        {
          eventId: '1',
          eventTime: { seconds: '1642099594', nanos: 661949924 },
          eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
          taskId: '9007199254740993',
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: 'transfer' },
            taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_NORMAL' },
            input: {
              payloads: [{ metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode('{"amount":5}') }],
            },
            workflowRunTimeout: { nanos: 500_000_000 },
            workflowTaskTimeout: { seconds: '10' },
            workflowExecutionExpirationTime: { seconds: '1642099600', nanos: 1_500_000 },
            attempt: 1,
          },
        },
        {
          eventId: '2',
          eventTime: { seconds: '1642099595' },
          eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
          workflowTaskScheduledEventAttributes: { startToCloseTimeout: { seconds: '-1', nanos: -250_000_000 } },
        },
      ],
    });
    expect(looksLikeProtobufHistory(bytes)).toBe(true);
    expect(decodeTemporalHistory(bytes)).toEqual({
      events: [
        {
          eventId: '1',
          eventTime: '2022-01-13T18:46:34.661949924Z',
          eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
          taskId: '9007199254740993',
          workflowExecutionStartedEventAttributes: {
            workflowType: { name: 'transfer' },
            taskQueue: { name: 'q', kind: 'TASK_QUEUE_KIND_NORMAL' },
            input: { payloads: [{ metadata: { encoding: base64('json/plain') }, data: base64('{"amount":5}') }] },
            workflowRunTimeout: '0.500s',
            workflowTaskTimeout: '10s',
            workflowExecutionExpirationTime: '2022-01-13T18:46:40.001500Z',
            attempt: 1,
          },
        },
        {
          eventId: '2',
          eventTime: '2022-01-13T18:46:35Z',
          eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
          workflowTaskScheduledEventAttributes: { startToCloseTimeout: '-1.250s' },
        },
      ],
      unknownFields: [],
    });
  });

  it('refuses event ids that skip, a history that does not open with the start, and unknown event types', () => {
    expect(decodeTemporalHistory(encode({ events: [START] }))?.events).toEqual([START]);
    const scheduled = { eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', workflowTaskScheduledEventAttributes: {} };
    expect(decodeTemporalHistory(encode({ events: [START, { ...scheduled, eventId: '3' }] }))).toBeNull();
    expect(decodeTemporalHistory(encode({ events: [{ ...scheduled, eventId: '1' }] }))).toBeNull();
    expect(decodeTemporalHistory(encode({ events: [START, { eventId: '2', eventType: 9999 }] }))).toBeNull();
    expect(decodeTemporalHistory(encode({ events: [START, { eventId: '2' }] }))).toBeNull();
    expect(decodeTemporalHistory(encode({ events: [] }))).toBeNull();
  });

  it('refuses a timestamp outside the years proto3 JSON can write', () => {
    const late = { ...START, eventTime: { seconds: '253402300800' } };
    expect(decodeTemporalHistory(encode({ events: [late] }))).toBeNull();
  });
});

describe('decodeTemporalHistory on other bytes', () => {
  it('gives null for empty input, text, a copy cut inside an event, and other formats', () => {
    const text = new TextEncoder();
    const inputs = [
      new Uint8Array(0),
      text.encode(JSON.stringify(JSON_HISTORY)),
      text.encode('\nnot a history\n'),
      BIN.subarray(0, BIN.length - 10),
      BIN.subarray(0, Math.floor(BIN.length / 2)),
      text.encode('SQLite format 3\0'),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      gzipSync(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
    ];
    for (const input of inputs) expect(decodeTemporalHistory(input)).toBeNull();
  });

  it('gives null for random bytes and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => decodeTemporalHistory(bytes) === null),
      { numRuns: 200 },
    );
  });

  it('never throws on random bytes framed as a first event, nor on the corpus history with bytes changed', () => {
    const framed = fc.uint8Array({ minLength: 1, maxLength: 127 }).map((body) => Uint8Array.of(0x0a, body.length, ...body));
    const decodes = (bytes: Uint8Array) => {
      const history = decodeTemporalHistory(bytes);
      return history === null || history.events.length > 0;
    };
    fc.assert(fc.property(framed, decodes), { numRuns: 200 });
    const mutated = fc.tuple(fc.nat(BIN.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, byte]) => {
      const copy = BIN.slice();
      copy[i] = byte;
      return copy;
    });
    fc.assert(fc.property(mutated, decodes), { numRuns: 200 });
  });
});

describe('looksLikeProtobufHistory', () => {
  it('accepts the start of a binary history and nothing else it may be handed', () => {
    expect(looksLikeProtobufHistory(BIN.subarray(0, 16))).toBe(true);
    expect(looksLikeProtobufHistory(new TextEncoder().encode('{"events": ['))).toBe(false);
    expect(looksLikeProtobufHistory(new TextEncoder().encode('SQLite format 3\0'))).toBe(false);
    expect(looksLikeProtobufHistory(Uint8Array.of(0x1f, 0x8b, 0x08, 0x00))).toBe(false);
    expect(looksLikeProtobufHistory(new Uint8Array(0))).toBe(false);
    expect(looksLikeProtobufHistory(Uint8Array.of(0x0a))).toBe(false);
  });
});

describe('fields a newer server writes', () => {
  /** The corpus history with a field no definition here knows (number 999, a varint) added to its first event. */
  function withUnknownField(): Uint8Array {
    const first = readVarint(BIN, 1);
    const event = BIN.subarray(first.next, first.next + first.value);
    const grown = Buffer.concat([event, Buffer.from([0xb8, 0x3e, 0x01])]);
    return new Uint8Array(Buffer.concat([Buffer.from([0x0a]), varint(grown.length), grown, BIN.subarray(first.next + first.value)]));
  }

  it('are noted per event, while the rest of the history reads', () => {
    expect(decodeTemporalHistory(BIN)!.unknownFields).toEqual([]);
    const decoded = decodeTemporalHistory(withUnknownField())!;
    expect(decoded.events).toHaveLength(16);
    expect(decoded.unknownFields).toEqual([1]);
  });

  it('reach the journal as a warning naming the event and how to export them all', async () => {
    const folder = tempFolder('eventlens-binary-');
    try {
      const path = join(folder.path, 'newer.bin');
      writeFileSync(path, withUnknownField());
      const journal = await readJournal(path);
      expect(journal.events).toHaveLength(16);
      expect(journal.findings.list).toEqual([expect.objectContaining({ severity: 'warning', kind: 'unknown-fields', place: 'event 1', message: expect.stringContaining('temporal workflow show') })]);
    } finally {
      folder.remove();
    }
  });
});

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; ; i++) {
    const byte = bytes[at + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { value, next: at + i + 1 };
  }
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
