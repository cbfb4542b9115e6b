// How the header says a live store's following in words: following, paused, or why the last look failed, and when
// the store was last looked at (a clock time in the chosen zone, the full ISO time in its tooltip).
import type { LiveStatus } from '../../shared/model.js';
import { isoInZone } from './time-zone.js';

export type LiveTone = 'following' | 'paused' | 'problem';

export interface LiveWords {
  /** "Live · following", "Live · paused", "Live · cannot reach the server: …". */
  text: string;
  tone: LiveTone;
  /** How new events are found, for the tooltip. */
  detail: string;
}

const POLLED = 'New events are looked for every second.';
const TOLD = 'The store announces each append and Eventlens listens (LISTEN); it also looks every second.';

/** The state in words; `unreachable` is why the journal service itself did not answer. */
export function liveWords(status: LiveStatus | null, unreachable: string | null): LiveWords {
  const detail = status?.listening ? TOLD : POLLED;
  if (unreachable !== null) return { text: `Live · no answer from the journal service: ${unreachable}`, tone: 'problem', detail };
  if (status === null) return { text: 'Live · connecting', tone: 'following', detail };
  if (!status.following) return { text: 'Live · paused', tone: 'paused', detail: 'New events are not looked for until you resume.' };
  if (status.problem !== undefined) return { text: `Live · cannot reach the server: ${status.problem}`, tone: 'problem', detail };
  return { text: 'Live · following', tone: 'following', detail };
}

/** "14:03:22Z", "16:03:22+02:00": the time of day in the chosen zone, to the second, with the zone. */
export function clockTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const full = isoInZone(ms);
  return full.slice(full.indexOf('T') + 1).replace(/\.\d{3}(?=Z|[+-]\d\d:\d\d$)/, '');
}
