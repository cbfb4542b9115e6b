// Connections to a live store, read-only by construction: every connection starts with
// default_transaction_read_only = on and a statement timeout (startup options, so no statement of ours can run
// before them), runs no DDL and creates nothing on the server. A running query can be cancelled (the protocol's
// cancel request, which needs no privilege).
import pg from 'pg';
import { lookupPgpass } from './pgpass.js';
import { JournalError } from '../../shared/contract.js';
import type { PgTarget } from './pg-target.js';
import { tlsAttempts } from './pg-tls.js';

/** How long one statement may run before the server stops it (ms). */
export const STATEMENT_TIMEOUT_MS = 120_000;
/**
 * Connections held, in two lanes. Long reads (a large store's stream list and its details, the audit's pass, a
 * replay's or a search's pages one after another, keys noted for far pages) share their own connections, so that
 * what a person waits on (a page, a count, the live head) always has one free: on 10M events, the Events table
 * waited seconds behind the open's reads and the audit when all shared three.
 */
const CONNECTIONS: Record<Lane, number> = { long: 3, quick: 2 };

/** Which connections a statement runs on (see CONNECTIONS). */
export type Lane = 'long' | 'quick';

/**
 * How a statement runs: its lane, and whether it is a search the person may cancel (a page, count or chart under
 * filters: PgJournalStore.cancelSearches stops those alone, never the audit's pass or the follower's reads).
 */
export interface RunOptions {
  lane?: Lane;
  search?: boolean;
}

// bigint (int8) and numeric come as text, so no position or count is rounded; callers convert where it is safe.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    // jsonb (3802) and json (114): kept as text, parsed where the exact text matters.
    if (oid === 3802 || oid === 114) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export class PgSession {
  /** Connections running a statement of ours now, each with whether it is a search (RunOptions). */
  private readonly running = new Map<pg.PoolClient, boolean>();
  /** Connections listening for a store's announcements (listen), ended with the session. */
  private readonly listening = new Set<pg.Client>();

  private constructor(
    private readonly pools: Record<Lane, pg.Pool>,
    private readonly config: pg.ClientConfig,
    readonly target: PgTarget,
  ) {}

  /**
   * Connects (and checks the connection answers) or fails with a message naming the target and what to do. Each TLS
   * attempt the sslmode allows is tried in turn (pg-tls.ts); a refused password is not tried again in plain text.
   */
  static async open(target: PgTarget, password?: string): Promise<PgSession> {
    const attempts = tlsAttempts(target);
    let failure: unknown;
    for (const ssl of attempts) {
      const config: pg.ClientConfig = {
        host: target.host,
        port: target.port,
        database: target.database,
        ...(target.user !== undefined && { user: target.user }),
        password: () => passwordFor(target, password),
        application_name: 'eventlens',
        // work_mem: a stream list of 100,000 streams is one hash aggregate, which at the default 4 MB spills to disk
        // and takes twice as long (measured on 10M events). Session settings only; nothing on the server changes.
        options: `-c default_transaction_read_only=on -c statement_timeout=${STATEMENT_TIMEOUT_MS} -c idle_in_transaction_session_timeout=60000 -c work_mem=64MB`,
        connectionTimeoutMillis: 15_000,
        types,
        ssl,
      };
      const pool = (lane: Lane) => {
        const made = new pg.Pool({ ...config, max: CONNECTIONS[lane], idleTimeoutMillis: 30_000 });
        // An idle connection the server dropped must not crash the service: the next query connects again.
        made.on('error', () => {});
        return made;
      };
      const pools = { long: pool('long'), quick: pool('quick') };
      const session = new PgSession(pools, config, target);
      try {
        await session.rows('SELECT 1');
        return session;
      } catch (error) {
        await session.endPools();
        failure = error;
        if (connectionError(target, error).code === 'not-allowed' && !isTlsRefusal(error)) break;
      }
    }
    throw connectionError(target, failure);
  }

  /** The rows of one statement, as arrays of column values. */
  async rows<R extends unknown[] = unknown[]>(sql: string, params: readonly unknown[] = [], options: RunOptions = {}): Promise<R[]> {
    return this.checkout((client) => allRows<R>(client, sql, params), options.lane ?? 'quick', options.search);
  }

  /**
   * Each row of one statement handed to `visit` as it arrives, none kept: a long answer (the stream list of a large
   * store) becomes what the caller keeps row by row, and its rows die young rather than all living until the last.
   */
  async each<R extends unknown[] = unknown[]>(sql: string, params: readonly unknown[], visit: (row: R) => void, options: RunOptions = {}): Promise<void> {
    return this.checkout((client) => eachRow(client, sql, params, visit), options.lane ?? 'long', options.search);
  }

  /**
   * Statements that see one snapshot of the store (a read-only REPEATABLE READ transaction on one connection): what
   * one reads agrees with what the next reads, whatever commits meanwhile.
   */
  async inSnapshot<T>(work: (read: SnapshotReader) => Promise<T>, lane: Lane = 'long'): Promise<T> {
    return this.checkout(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const result = await work({
          rows: (sql, params = []) => allRows(client, sql, params),
          each: (sql, params, visit) => eachRow(client, sql, params, visit),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    }, lane);
  }

  private async endPools(): Promise<void> {
    await Promise.all(Object.values(this.pools).map((pool) => pool.end().catch(() => {})));
  }

  /** One pooled connection for `work`, counted as running (cancelAll reaches it), its errors said in words. */
  private async checkout<T>(work: (client: pg.PoolClient) => Promise<T>, lane: Lane, search = false): Promise<T> {
    const client = await this.pools[lane].connect().catch((error: unknown) => {
      throw connectionError(this.target, error);
    });
    this.running.set(client, search);
    // A checked-out connection has no 'error' listener of the pool's. When the server's FATAL (a shutdown, a
    // terminated backend) comes in one packet right behind our statement's error (cancelled at close), pg emits it
    // before the statement's rejection lets us release the connection: unheard, it would end the process.
    const dropped = () => {};
    client.on('error', dropped);
    try {
      return await work(client);
    } catch (error) {
      throw queryError(this.target, error);
    } finally {
      this.running.delete(client);
      client.removeListener('error', dropped);
      client.release();
    }
  }

  /** Asks the server to stop every statement of ours running now; true when there was one. */
  cancelAll(): boolean {
    return this.cancel(() => true);
  }

  /** Asks the server to stop the searches of ours running now (RunOptions.search); true when there was one. */
  cancelSearches(): boolean {
    return this.cancel((search) => search);
  }

  private cancel(which: (search: boolean) => boolean): boolean {
    let cancelled = false;
    for (const [client, search] of this.running) {
      if (!which(search)) continue;
      // Client.cancel opens its own connection and sends the protocol's cancel request for the other one's backend.
      const canceller = new pg.Client(this.config) as unknown as { cancel(client: unknown, query: unknown): void };
      canceller.cancel(client, (client as unknown as { activeQuery: unknown }).activeQuery);
      cancelled = true;
    }
    return cancelled;
  }

  /**
   * Listens on `channels` on a connection of its own (a pooled one would be handed to other queries): `notified` runs on
   * each notification, `lost` when that connection fails. Resolves to the function that stops listening.
   */
  async listen(channels: readonly string[], notified: () => void, lost: (message: string) => void): Promise<() => Promise<void>> {
    const client = new pg.Client(this.config);
    let stopping = false;
    client.on('notification', () => notified());
    client.on('error', (error: Error) => {
      if (!stopping) lost(error.message);
    });
    this.listening.add(client);
    try {
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      stopping = true;
      this.listening.delete(client);
      await client.end().catch(() => {});
      throw queryError(this.target, error);
    }
    return async () => {
      stopping = true;
      this.listening.delete(client);
      await client.end().catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.cancelAll();
    await Promise.all([...this.listening].map((client) => client.end().catch(() => {})));
    this.listening.clear();
    await this.endPools();
  }
}

/** Reads within one snapshot (PgSession.inSnapshot): as PgSession.rows and PgSession.each. */
export interface SnapshotReader {
  rows<R extends unknown[] = unknown[]>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  each<R extends unknown[] = unknown[]>(sql: string, params: readonly unknown[], visit: (row: R) => void): Promise<void>;
}

async function allRows<R extends unknown[]>(client: pg.ClientBase, sql: string, params: readonly unknown[]): Promise<R[]> {
  return (await client.query<R>({ text: sql, values: [...params], rowMode: 'array' })).rows;
}

function eachRow<R extends unknown[]>(client: pg.ClientBase, sql: string, params: readonly unknown[], visit: (row: R) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // A row listener makes pg hand rows over as they are parsed, keeping none (pg's Query accumulates rows only
    // when nothing listens for them).
    // (@types/pg leaves rowMode out of the Query's config; pg reads it there as in client.query's.)
    const query = new pg.Query({ text: sql, values: [...params], rowMode: 'array' } as pg.QueryConfig);
    // A throw inside pg's row event would break the connection's parsing: the first one is kept, and said at the end.
    let failure: unknown = null;
    query.on('row', (row: unknown) => {
      if (failure !== null) return;
      try {
        visit(row as R);
      } catch (error) {
        failure = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (failure === null ? resolve() : reject(failure)));
    client.query(query);
  });
}

/** The password given apart, else PGPASSWORD, else ~/.pgpass (libpq's order), else none (trust or peer). */
async function passwordFor(target: PgTarget, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  if (target.password !== undefined) return target.password;
  if (process.env.PGPASSWORD !== undefined) return process.env.PGPASSWORD;
  const user = target.user ?? process.env.PGUSER ?? process.env.USER ?? '';
  return (await lookupPgpass({ host: target.host, port: target.port, database: target.database, user })) ?? '';
}

/** A server that refused the connection for its encryption (no TLS offered, or a pg_hba.conf line for the other kind). */
function isTlsRefusal(error: unknown): boolean {
  const message = String((error as PgError).message ?? error);
  return /does not support SSL|no pg_hba\.conf entry|SSL off|no encryption|SSL encryption/i.test(message);
}

interface PgError {
  code?: string;
  message?: string;
}

function connectionError(target: PgTarget, error: unknown): JournalError {
  if (error instanceof JournalError) return error;
  const { code, message = String(error) } = error as PgError;
  // No password found for a server that asks for one: pg refuses to send an empty one (SCRAM) before the server can.
  const noPassword = /password must be a (non-empty )?string/i.test(message);
  if (noPassword) return new JournalError('not-allowed', `${target.name} asks for a password and none was given: set PGPASSWORD, add it to ~/.pgpass, or type it in Connect to database….`);
  if (code === '28P01' || code === '28000') return new JournalError('not-allowed', `${target.name} refused the login: ${message}. Give the password (PGPASSWORD, ~/.pgpass or the form).`);
  if (code === '3D000') return new JournalError('not-found', `${target.name}: ${message}.`);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return new JournalError('not-found', `No PostgreSQL server answers at ${target.host}:${target.port} (${code}).`);
  }
  return new JournalError('bad-format', `${target.name} could not be reached: ${message}.`);
}

function queryError(target: PgTarget, error: unknown): JournalError {
  const { code, message = String(error) } = error as PgError;
  if (code === '57014') return new JournalError('cancelled', `The query to ${target.name} was cancelled (by us, or past its ${STATEMENT_TIMEOUT_MS / 1000} s limit).`);
  if (code === '25006') return new JournalError('not-allowed', `${target.name} refused a write: Eventlens connects read-only (${message}).`);
  if (code === '42501') return new JournalError('not-allowed', `${target.name}: ${message}. The role needs SELECT on the store's tables (see the README).`);
  if (error instanceof JournalError) return error;
  return new JournalError('bad-format', `${target.name} answered with an error: ${message}.`);
}
