// What a call to the journal service was doing, in words: the window says what was lost when the service stopped.
import { basename } from 'node:path';
import type { ApiMethod } from '../../shared/contract.js';

/** One call as the person asked it: its method and argument (not yet validated: read with care). */
export interface CallAsked {
  method: ApiMethod;
  argument: unknown;
}

/** Calls a window makes on its own, every few hundred milliseconds: never what the person was waiting for. */
const POLLS: ReadonlySet<ApiMethod> = new Set(['openProgress', 'reducerStatus', 'cancelOpen', 'workProgress', 'cancelSearch', 'cancelReplay', 'liveStatus']);

function field(argument: unknown, name: string): string | null {
  if (typeof argument !== 'object' || argument === null) return null;
  const value = (argument as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value.slice(0, 200) : null;
}

function fileName(argument: unknown): string | null {
  const path = field(argument, 'path');
  return path === null ? null : basename(path).slice(0, 80);
}

/** "opening bank.ndjson", "auditing the journal", "searching events": what the call was doing. */
export function callInWords({ method, argument }: CallAsked): string {
  switch (method) {
    case 'openJournal':
      return `opening ${fileName(argument) ?? 'a journal'}`;
    case 'openSample':
      return 'opening the sample journal';
    case 'openProgress':
      return 'reporting how far an open had got';
    case 'cancelOpen':
      return 'cancelling an open';
    case 'summary':
      return 'summarizing the journal';
    case 'recent':
      return 'listing recent journals';
    case 'streams':
    case 'streamPage':
      return 'listing streams';
    case 'events':
      return field(argument, 'text') !== null || field(argument, 'where') !== null ? 'searching events' : 'listing events';
    case 'rates':
      return 'counting events over time';
    case 'replay':
    case 'replayAt': {
      const stream = field(argument, 'stream') ?? field(argument, 'category');
      return stream === null ? 'replaying a stream' : `replaying ${stream.slice(0, 80)}`;
    }
    case 'fieldHistory':
      return "tracing a field's history";
    case 'loadReducer':
      return `loading the reducer ${fileName(argument) ?? ''}`.trimEnd();
    case 'unloadReducer':
      return 'unloading the reducer';
    case 'reducerStatus':
      return 'checking the reducer';
    case 'audit':
      return 'auditing the journal';
    case 'compare':
      return `comparing the journal with ${fileName(argument) ?? 'another export'}`;
    case 'report':
      return 'writing the audit report';
    case 'sampleFields':
      return `listing the fields of ${fileName(argument) ?? 'a journal'}`;
    case 'workProgress':
      return 'reporting how far a search had got';
    case 'cancelSearch':
      return 'cancelling a search';
    case 'cancelReplay':
      return 'cancelling a replay';
    case 'testConnection':
      return 'trying a database connection';
    case 'liveStatus':
      return 'looking for new events';
    case 'followLive':
      return 'pausing or resuming the live store';
    case 'allowScans':
      return 'allowing a filter to read a whole table';
  }
}

/** " while opening big.ndjson and auditing the journal", or "" with no call waiting: polls only when nothing else was. */
export function whileDoing(calls: readonly CallAsked[]): string {
  const asked = calls.filter((call) => !POLLS.has(call.method));
  const phrases = [...new Set((asked.length > 0 ? asked : calls).map(callInWords))];
  if (phrases.length === 0) return '';
  const more = phrases.length > 2 ? ` (and ${phrases.length - 2} more)` : '';
  return ` while ${phrases.slice(0, 2).join(' and ')}${more}`;
}
