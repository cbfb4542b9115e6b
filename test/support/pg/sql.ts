// What every store writer shares: one connection, transactions, and the journal cut into appends.
import pg from 'pg';
import type { FixtureEvent } from '../fixtures.js';

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** One client call: consecutive events of one stream go together, as an application appends them. */
export interface Append {
  stream: string;
  events: FixtureEvent[];
}

export function appendsOf(events: FixtureEvent[]): Append[] {
  const appends: Append[] = [];
  for (const event of events) {
    const last = appends.at(-1);
    if (last?.stream === event.stream) last.events.push(event);
    else appends.push({ stream: event.stream, events: [event] });
  }
  return appends;
}

/** The stores number versions themselves: a journal whose versions they would not give back is a broken fixture. */
export function checkVersions(events: FixtureEvent[]): void {
  const next = new Map<string, number>();
  for (const event of events) {
    const expected = next.get(event.stream) ?? 1;
    if (event.version !== expected) {
      throw new Error(`Fixture event ${event.stream}@${event.version} out of order: the stores would number it ${expected}.`);
    }
    next.set(event.stream, expected + 1);
  }
}

/** JSON for a jsonb parameter (a string payload becomes a JSON string, as the clients serialise it). */
export function jsonb(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** An ISO instant as a `timestamp without time zone` literal in UTC, so the client's zone cannot shift it. */
export function utcTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}
