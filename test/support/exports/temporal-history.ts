// A Temporal workflow history as `temporal workflow show --output json` prints it: a money transfer that runs one
// activity. Payloads are printed as their JSON values (the CLI's default) or raw (base64, as the UI downloads them).
const TASK_QUEUE = { name: 'bank', kind: 'TASK_QUEUE_KIND_NORMAL' };
const RUN_ID = '0190c1d2-7a8b-7c3d-9e0f-123456789abc';
const IDENTITY = '4242@worker-1@';

export interface HistoryOptions {
  /** Recent servers put the workflow id in the start event's attributes; older ones do not. */
  workflowId?: string;
  rawPayloads?: boolean;
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

function payloads(values: unknown[], raw: boolean) {
  return { payloads: values.map((value) => (raw ? { metadata: { encoding: base64('json/plain') }, data: base64(JSON.stringify(value)) } : value)) };
}

/** The events as [full event type, attributes] pairs, payloads shown as values. */
function transfer(options: HistoryOptions): [string, Record<string, unknown>][] {
  const raw = options.rawPayloads ?? false;
  const started = {
    workflowType: { name: 'TransferWorkflow' },
    taskQueue: TASK_QUEUE,
    input: payloads([{ from: 'account-1', to: 'account-2', amount: 25 }], raw),
    workflowExecutionTimeout: '0s',
    workflowRunTimeout: '0s',
    workflowTaskTimeout: '10s',
    originalExecutionRunId: RUN_ID,
    identity: IDENTITY,
    firstExecutionRunId: RUN_ID,
    attempt: 1,
    firstWorkflowTaskBackoff: '0s',
    header: {},
    ...(options.workflowId !== undefined && { workflowId: options.workflowId }),
  };
  return [
    ['EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', started],
    ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', { taskQueue: TASK_QUEUE, startToCloseTimeout: '10s', attempt: 1 }],
    ['EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: '2', identity: IDENTITY, requestId: 'req-3', historySizeBytes: '512' }],
    ['EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { scheduledEventId: '2', startedEventId: '3', identity: IDENTITY }],
    ['EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', { activityId: '1', activityType: { name: 'Withdraw' }, taskQueue: TASK_QUEUE, input: payloads([{ account: 'account-1', amount: 25 }], raw), workflowTaskCompletedEventId: '4' }],
    ['EVENT_TYPE_ACTIVITY_TASK_STARTED', { scheduledEventId: '5', identity: IDENTITY, requestId: 'req-6', attempt: 1 }],
    ['EVENT_TYPE_ACTIVITY_TASK_COMPLETED', { result: payloads([{ balance: 75 }], raw), scheduledEventId: '5', startedEventId: '6', identity: IDENTITY }],
    ['EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', { result: payloads(['transferred'], raw), workflowTaskCompletedEventId: '4' }],
  ];
}

export function eventTime(eventId: number): string {
  return new Date(Date.UTC(2026, 0, 5, 9, 0, eventId)).toISOString();
}

/** "EVENT_TYPE_ACTIVITY_TASK_STARTED" → "activityTaskStartedEventAttributes". */
function attributesKey(eventType: string): string {
  const words = eventType.replace(/^EVENT_TYPE_/, '').toLowerCase().split('_');
  return words.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('') + 'EventAttributes';
}

export function historyEvents(options: HistoryOptions = {}) {
  return transfer(options).map(([eventType, attributes], i) => ({
    eventId: String(i + 1),
    eventTime: eventTime(i + 1),
    eventType,
    taskId: String(1048576 + i),
    [attributesKey(eventType)]: attributes,
  }));
}

export function workflowHistory(options: HistoryOptions = {}) {
  return { events: historyEvents(options) };
}

/** What each event's data should read as: its attributes with payloads as values. */
export function expectedAttributes(): Record<string, unknown>[] {
  return transfer({}).map(([, attributes]) => attributes);
}
