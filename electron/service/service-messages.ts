// What crosses between the main process and the journal service's own process (service-process.ts), both ways.
// The same messages ride Electron's utilityProcess (parentPort) and Node's child_process.fork ('advanced'
// serialization): structured clones, so `undefined` inside a reply survives as it does over Electron IPC.
// Each side checks what it receives: the service process reads hostile journals, and a message it cannot read must
// become an error reply, never a crash; the main side must not trust a reply's shape either.
import type { ApiReply } from '../../shared/contract.js';

/** How the service process is set up: sent once, as the first message, so no path ever rides its command line. */
export interface ServiceProcessOptions {
  /** The sample journal shipped with the app. */
  samplePath: string;
  /** The recent list's file, in the app's settings folder; null keeps the list in memory (tests, one-off runs). */
  recentFile: string | null;
  /** Where cache files go; the platform's cache folder when not given. */
  cacheDir?: string;
  /** Start the audit as soon as a journal opens (the app does). */
  auditOnOpen?: boolean;
  /** Limits for the user's reducer. */
  reducer?: { stepTimeoutMs?: number; memoryLimitMb?: number };
}

/** Main side to service process. */
export type ToService =
  | { kind: 'init'; options: ServiceProcessOptions }
  | { kind: 'call'; id: number; method: string; argument: unknown }
  /** Close the journal's files and threads, then exit. */
  | { kind: 'close' };

/** Service process to main side. */
export type FromService =
  /** Listening: messages sent before this could be lost (a forked ES module listens only once loaded). */
  | { kind: 'ready' }
  /** The answer to a call; id null answers a message too broken to name its call. */
  | { kind: 'reply'; id: number | null; reply: ApiReply };

/** A message the service process could not take, and the call to answer, when it names one. */
export interface RefusedMessage {
  refused: string;
  id: number | null;
}

const CALL_ID_LIMIT = Number.MAX_SAFE_INTEGER;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCallId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= CALL_ID_LIMIT;
}

const optional = (value: unknown, test: (value: unknown) => boolean): boolean => value === undefined || test(value);
const isPositive = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value > 0;

function optionsProblem(options: unknown): string | null {
  if (!isRecord(options)) return 'its options are not an object';
  const known = new Set(['samplePath', 'recentFile', 'cacheDir', 'auditOnOpen', 'reducer']);
  const unknown = Object.keys(options).find((key) => !known.has(key));
  if (unknown !== undefined) return `it has an unknown option ${JSON.stringify(unknown).slice(0, 60)}`;
  if (typeof options.samplePath !== 'string' || options.samplePath === '') return 'samplePath is not a path';
  if (options.recentFile !== null && typeof options.recentFile !== 'string') return 'recentFile is neither a path nor null';
  if (!optional(options.cacheDir, (v) => typeof v === 'string' && v !== '')) return 'cacheDir is not a path';
  if (!optional(options.auditOnOpen, (v) => typeof v === 'boolean')) return 'auditOnOpen is not true or false';
  const reducer = options.reducer;
  if (reducer !== undefined) {
    if (!isRecord(reducer)) return 'reducer is not an object';
    if (Object.keys(reducer).some((key) => key !== 'stepTimeoutMs' && key !== 'memoryLimitMb')) return 'reducer has an unknown limit';
    if (!optional(reducer.stepTimeoutMs, isPositive) || !optional(reducer.memoryLimitMb, isPositive)) return 'a reducer limit is not a positive number';
  }
  return null;
}

/** Reads a message arriving in the service process: the message, or what is wrong with it. */
export function readToService(message: unknown): ToService | RefusedMessage {
  if (!isRecord(message)) return { refused: 'The journal service received a message that is not an object.', id: null };
  const id = isCallId(message.id) ? message.id : null;
  switch (message.kind) {
    case 'call':
      if (id === null) return { refused: 'The journal service received a call without a valid id.', id: null };
      if (typeof message.method !== 'string') return { refused: 'The journal service received a call without a method name.', id };
      return { kind: 'call', id, method: message.method, argument: message.argument };
    case 'init': {
      const problem = optionsProblem(message.options);
      return problem === null ? { kind: 'init', options: message.options as ServiceProcessOptions } : { refused: `The journal service's settings were refused: ${problem}.`, id: null };
    }
    case 'close':
      return { kind: 'close' };
    default:
      return { refused: `The journal service received a message of unknown kind ${JSON.stringify(String(message.kind)).slice(0, 60)}.`, id };
  }
}

function isApiReply(value: unknown): value is ApiReply {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isRecord(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

/** Reads a message arriving on the main side: the message, or null for anything else (which is then ignored). */
export function readFromService(message: unknown): FromService | null {
  if (!isRecord(message)) return null;
  if (message.kind === 'ready') return { kind: 'ready' };
  if (message.kind !== 'reply' || !isApiReply(message.reply)) return null;
  if (message.id !== null && !isCallId(message.id)) return null;
  return { kind: 'reply', id: message.id, reply: message.reply };
}
