// Python eventsourcing keeps no time column: an event's timestamp is the first attribute of its state, which the
// library's JSON transcoder writes compact, as {"timestamp":{"_type_":"datetime_iso","_data_":"<isoformat>"},…}
// (a transcoder without the wrapper writes the ISO text itself). Read on the server from the state's first bytes,
// it lets the summary, the chart and time filters count these events as they count any store's. A state that does
// not start so (zlib, AES, another first attribute) has no time there: decoded here, the event still shows the time
// its state holds (pg-payloads.ts), the same reading the SQLite reader makes (unwrapTranscodings).

/** A calendar date PostgreSQL takes: years 1000 to 9999, no 31 April, 29 February only in a leap year. */
const DATE = String.raw`(?:[1-9]\d{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)`;
/** datetime.isoformat(): hours, minutes, seconds, and microseconds when not zero. */
const TIME = String.raw`(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?`;
const OFFSET = String.raw`(?:[+-](?:[01]\d|2[0-3]):[0-5]\d|Z)`;
/** The state's opening up to its timestamp's text, wrapped by the transcoder or not. */
const OPENING = String.raw`^\{"timestamp": ?(?:\{"_type_": ?"datetime_iso", ?"_data_": ?)?"`;

/** Where the timestamp is, the opening of a state is enough (its first bytes, as text whatever they are). */
const HEAD_BYTES = 160;

/**
 * The timestamptz an eventsourcing state starts with, or NULL: every text the patterns let through is a time
 * PostgreSQL reads, so no state can make a query fail. One pattern match per row for an aware time (the library's
 * default, UTC); a naive one is read as UTC, as the SQLite reader reads it.
 */
export function stateTimeSql(state: string): string {
  const head = `encode(substring(${state} FROM 1 FOR ${HEAD_BYTES}), 'escape')`;
  const aware = `substring(${head} FROM '${OPENING}(${DATE}T${TIME}${OFFSET})"')::timestamptz`;
  const naive = `(substring(${head} FROM '${OPENING}(${DATE}T${TIME})"')::timestamp AT TIME ZONE 'UTC')`;
  return `COALESCE(${aware}, ${naive})`;
}
