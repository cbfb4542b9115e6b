import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStem } from '../../electron/readers/file-stem.js';
import { temporalHistory, temporalTypeName } from '../../electron/readers/formats/json/temporal-history.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import type { ContainerFiles } from '../support/exports/containers.js';
import { writeObjectFiles, writeRecordFiles } from '../support/exports/containers.js';
import { essentials, readRecords, recordContext } from '../support/exports/record-context.js';
import { eventTime, expectedAttributes, historyEvents, workflowHistory } from '../support/exports/temporal-history.js';

// The CLI writes EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, older servers WorkflowExecutionStarted: shown as the latter.
const TYPES = [
  'WorkflowExecutionStarted',
  'WorkflowTaskScheduled',
  'WorkflowTaskStarted',
  'WorkflowTaskCompleted',
  'ActivityTaskScheduled',
  'ActivityTaskStarted',
  'ActivityTaskCompleted',
  'WorkflowExecutionCompleted',
];

function expected(stream: string, workflowId?: string) {
  return expectedAttributes().map((data, i) => ({
    stream,
    version: i + 1,
    type: TYPES[i]!,
    time: eventTime(i + 1),
    data: i === 0 && workflowId !== undefined ? { ...data, workflowId } : data,
  }));
}

describe('the temporal-history layout', () => {
  it('recognises history events by their <kind>EventAttributes member', () => {
    const [first] = historyEvents();
    expect(temporalHistory.recordsKey).toBe('events');
    expect(temporalHistory.matches(first!, 'object')).toBe(true);
    expect(temporalHistory.matches(first!, 'lines')).toBe(true);
    expect(temporalHistory.matches({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' }, 'array')).toBe(false);
    expect(temporalHistory.matches({ stream: 's', type: 't', eventId: 1 }, 'array')).toBe(false);
  });

  it('names the stream after the workflow id the start event carries, for every event of the file', () => {
    const context = recordContext('history.json');
    const events = readRecords(temporalHistory, historyEvents({ workflowId: 'transfer-42' }), context);
    expect(essentials(events)).toEqual(expected('transfer-42', 'transfer-42'));
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Every member but the attributes, as written: the type as printed, the time with its digits.
    expect(events[0]!.metadata).toEqual({ eventId: '1', eventTime: historyEvents()[0]!.eventTime, eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', taskId: '1048576' });
    expect(context.findings.total).toBe(0);
  });

  it('takes eventId, printed as a string, as the event id', () => {
    const events = readRecords(temporalHistory, historyEvents({ workflowId: 'transfer-42' }));
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // A history printed with int64s as numbers gives the same ids.
    const numeric = historyEvents().map((record) => ({ ...record, eventId: Number(record.eventId) }));
    expect(readRecords(temporalHistory, numeric).map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('names the stream after the file when the start event has no workflow id; other workflows ids do not count', () => {
    const child = {
      eventId: '9',
      eventTime: eventTime(9),
      eventType: 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
      startChildWorkflowExecutionInitiatedEventAttributes: { workflowId: 'child-1', workflowType: { name: 'Notify' } },
    };
    const events = readRecords(temporalHistory, [...historyEvents(), child], recordContext('transfer-7.json.gz'));
    expect(new Set(events.map((e) => e.stream))).toEqual(new Set(['transfer-7']));
    expect(events.at(-1)!.type).toBe('StartChildWorkflowExecutionInitiated');
  });

  it('decodes raw base64 JSON payloads to the values the CLI shows by default', () => {
    const events = readRecords(temporalHistory, historyEvents({ rawPayloads: true }), recordContext('t.json'));
    expect(events.map((e) => e.data)).toEqual(expectedAttributes());
    const binary = { metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: 'AAE=' };
    const [started] = historyEvents();
    const record = { ...started!, workflowExecutionStartedEventAttributes: { input: { payloads: [binary, { metadata: { encoding: Buffer.from('binary/null').toString('base64') } }] } } };
    // Not JSON: its shape kept, the encoding shown as the text it is, the bytes as printed.
    expect(readRecords(temporalHistory, [record])[0]!.data).toEqual({ input: { payloads: [{ metadata: { encoding: 'binary/plain' }, data: 'AAE=' }, null] } });
  });

  it('keeps every part of a payload that says more than json/plain, decoded where it is text', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const payload = { metadata: { encoding: b64('json/protobuf'), messageType: b64('temporal.api.common.v1.WorkflowType') }, data: b64('{"name":"x"}') };
    const [started] = historyEvents();
    const record = { ...started!, workflowExecutionStartedEventAttributes: { input: { payloads: [payload] } } };
    expect(readRecords(temporalHistory, [record])[0]!.data).toEqual({
      input: { payloads: [{ metadata: { encoding: 'json/protobuf', messageType: 'temporal.api.common.v1.WorkflowType' }, data: { name: 'x' } }] },
    });
    // Base64 with a stray character is not read as the bytes it would decode to: it is shown as written.
    const stray = { metadata: { encoding: b64('json/plain') }, data: `${b64('{"a":1}')}!` };
    expect(readRecords(temporalHistory, [{ ...started!, workflowExecutionStartedEventAttributes: { input: stray } }])[0]!.data).toEqual({ input: stray });
  });

  it('names types in one vocabulary, whichever way the history was printed', () => {
    expect(temporalTypeName('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED')).toBe('WorkflowExecutionStarted');
    expect(temporalTypeName('EVENT_TYPE_NEXUS_OPERATION_CANCEL_REQUESTED')).toBe('NexusOperationCancelRequested');
    expect(temporalTypeName('WorkflowExecutionStarted')).toBe('WorkflowExecutionStarted');
    expect(temporalTypeName('EVENT_TYPE_lower')).toBe('EVENT_TYPE_lower');
  });

  it('keeps event types without the EVENT_TYPE_ prefix as they are', () => {
    const [started] = historyEvents({ workflowId: 'w' });
    const events = readRecords(temporalHistory, [{ ...started!, eventType: 'WorkflowExecutionStarted' }]);
    expect(events[0]!.type).toBe('WorkflowExecutionStarted');
  });

  // Found by readers-fuzz-formats: String() on such an eventType threw a TypeError, which stopped the reading there.
  it('leaves out, with a finding, an event whose eventType is neither a name nor a number', () => {
    const context = recordContext('transfer.ndjson');
    const records = historyEvents({ workflowId: 'w' });
    records[2] = { ...records[2]!, eventType: JSON.parse('{"toString": 1}') as string };
    const events = readRecords(temporalHistory, records, context);
    expect(events.map((e) => e.version)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(context.findings.list.map((f) => f.message)).toEqual(['transfer.ndjson item 3: the event has no type, so it was left out.']);
  });

  it('starts a new stream at each start event of histories written one after another', () => {
    const records = [...historyEvents({ workflowId: 'a' }), ...historyEvents({ workflowId: 'b' })];
    const events = readRecords(temporalHistory, records, recordContext('two.ndjson'));
    expect(events.map((e) => `${e.stream}@${e.version}`)).toEqual([...TYPES.map((_, i) => `a@${i + 1}`), ...TYPES.map((_, i) => `b@${i + 1}`)]);
  });

  it('takes the extension (and .gz) off file names', () => {
    expect(fileStem('order-42.json')).toBe('order-42');
    expect(fileStem('order-42.history.json.gz')).toBe('order-42.history');
    expect(fileStem('history')).toBe('history');
    expect(fileStem('.json')).toBe('.json');
  });
});

describe('reading Temporal histories end to end', () => {
  const folder = tempFolder('eventlens-temporal-');
  let shown: ContainerFiles = {};
  let lines: ContainerFiles = {};
  let before: Record<string, string>;
  beforeAll(() => {
    shown = writeObjectFiles(folder.path, 'transfer', workflowHistory({ rawPayloads: true }));
    lines = writeRecordFiles(folder.path, 'events', historyEvents({ workflowId: 'transfer-42' }));
    writeFileSync(join(folder.path, 'transfer-compact.json'), JSON.stringify(workflowHistory({ workflowId: 'transfer-42' })));
    before = folderFingerprint(folder.path);
  });
  afterAll(() => {
    expect(folderFingerprint(folder.path)).toEqual(before);
    folder.remove();
  });

  for (const container of ['object', 'object .gz', 'object gzip unnamed']) {
    it(`reads \`temporal workflow show --output json\` (${container}), one stream named after the file`, async () => {
      const path = shown[container]!;
      const journal = await readJournal(path);
      expect(journal.format).toBe('temporal-history');
      expect(essentials(journal.events)).toEqual(expected(fileStem(basename(path))));
      expect(journal.findings.total).toBe(0);
    });
  }

  it('reads a history written on one line (jq -c)', async () => {
    const journal = await readJournal(join(folder.path, 'transfer-compact.json'));
    expect(journal.format).toBe('temporal-history');
    expect(essentials(journal.events)).toEqual(expected('transfer-42', 'transfer-42'));
  });

  for (const container of ['array', 'array .gz', 'array gzip unnamed', 'lines', 'lines .gz', 'lines gzip unnamed']) {
    it(`reads history events as ${container}`, async () => {
      const journal = await readJournal(lines[container]!);
      expect(journal.format).toBe('temporal-history');
      expect(essentials(journal.events)).toEqual(expected('transfer-42', 'transfer-42'));
      expect(journal.findings.total).toBe(0);
    });
  }
});
