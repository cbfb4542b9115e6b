// A SQLite journal whose reading runs SQL of its own (a view over a recursive CTE without end, a value of a gigabyte,
// a virtual table, a generated column, planner statistics that make a join quadratic) costs bounded time and memory,
// and fails in words naming the file and the view: such SQL runs only in a child process that is killed at a
// deadline, on cancel, and when the app goes away (electron/store/plain-copy.ts). The app's own threads never run it,
// so the service, the CLI and the browser host stay responsive, and stop when told to.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { readJournal } from '../../electron/readers/read-journal.js';
import { sqlOnReadingIn } from '../../electron/readers/sqlite-reader.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { COPY_PROCESS_MARK, VIEW_SECONDS_VARIABLE } from '../../electron/store/plain-copy.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const journals = tempFolder('eventlens-hostile-sqlite-');
const caches = tempFolder('eventlens-hostile-sqlite-cache-');

const ENDLESS_CTE = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)';
/** Yields rows, one after another, for ever. */
const ENDLESS = `CREATE VIEW events AS ${ENDLESS_CTE} SELECT 'stream-1' AS stream_id, n AS version, 't' AS type, '{}' AS data FROM r`;
/** Yields nothing at all until its endless CTE ends: SQLite counts inside one native call, for ever. */
const SILENT = `CREATE VIEW events AS ${ENDLESS_CTE} SELECT 'stream-1' AS stream_id, count(*) AS version, 't' AS type, '{}' AS data FROM r`;

function writeDatabase(name: string, sql: string): string {
  const path = join(journals.path, name);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

const paths: Record<string, string> = {};
let fingerprint: Record<string, string>;

beforeAll(() => {
  paths.endless = writeDatabase('endless.sqlite', ENDLESS);
  paths.silent = writeDatabase('silent.sqlite', SILENT);
  paths.huge = writeDatabase('huge.sqlite', "CREATE VIEW events AS SELECT 'stream-1' AS stream_id, 1 AS version, 't' AS type, randomblob(2000000000) AS data");
  paths.filling = writeDatabase('filling.sqlite', `CREATE VIEW events AS ${ENDLESS_CTE} SELECT 'stream-1' AS stream_id, n AS version, 't' AS type, zeroblob(400000000) AS data FROM r`);
  paths.generated = writeDatabase(
    'generated.sqlite',
    `CREATE TABLE events (stream_id TEXT, version INTEGER, type TEXT, data TEXT, big BLOB AS (zeroblob(400000000)) VIRTUAL);
     INSERT INTO events (stream_id, version, type, data) VALUES ('account-1', 1, 'opened', '{"owner":"ada"}'), ('account-1', 2, 'closed', '{}');`,
  );
  paths.viewed = writeDatabase(
    'viewed.sqlite',
    `CREATE TABLE stored (global_position INTEGER PRIMARY KEY, stream TEXT, version INTEGER, kind TEXT, body TEXT, at TEXT, hidden INTEGER);
     INSERT INTO stored (stream, version, kind, body, at, hidden) VALUES
       ('account-1', 1, 'opened', '{"owner":"ada"}', '2026-01-05 09:00:00', 0),
       ('account-2', 1, 'opened', '{"owner":"grace"}', '2026-01-05 09:01:00', 0),
       ('account-1', 2, 'deposited', '{"amount":100}', '2026-01-05 10:00:00', 0),
       ('account-1', 3, 'erased', '{}', '2026-01-05 11:00:00', 1);
     CREATE VIEW events AS SELECT global_position, stream AS stream_id, version, kind AS event_type, body AS data, at AS created_at FROM stored WHERE hidden = 0;`,
  );
  paths.searchable = writeDatabase(
    'searchable.sqlite',
    `CREATE VIRTUAL TABLE events USING fts5(stream_id, version, type, data);
     INSERT INTO events VALUES ('note-1', 1, 'written', '{"text":"hello"}'), ('note-1', 2, 'edited', '{"text":"hello, world"}');`,
  );
  paths.ordinary = writeDatabase(
    'ordinary.sqlite',
    `CREATE TABLE events (stream_id TEXT, version INTEGER, type TEXT, data TEXT, virtual_account TEXT);
     INSERT INTO events VALUES ('account-1', 1, 'opened', '{}', 'v-1');`,
  );
  paths.steered = writeSteeredEventuous('steered.sqlite', 3000);
  fingerprint = folderFingerprint(journals.path);
});

/**
 * An Eventuous store whose streams table has no index, and whose planner statistics say it holds one row: read in
 * place, the join of messages to streams would scan every stream for every message (20,000 of each: 15 s).
 */
function writeSteeredEventuous(name: string, count: number): string {
  const path = join(journals.path, name);
  const db = new Database(path);
  db.exec(`CREATE TABLE eventuous_streams (stream_id INTEGER, stream_name TEXT, version INTEGER);
    CREATE TABLE eventuous_messages (message_id TEXT, global_position INTEGER, message_type TEXT, stream_id INTEGER, stream_position INTEGER,
      json_data TEXT, json_metadata TEXT, created TEXT)`);
  const stream = db.prepare('INSERT INTO eventuous_streams VALUES (?, ?, 0)');
  const message = db.prepare("INSERT INTO eventuous_messages VALUES (?, ?, 'Opened', ?, 0, '{}', NULL, '2026-01-05T09:00:00Z')");
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      stream.run(i, `account-${i}`);
      message.run(`m-${i}`, i, i);
    }
  })();
  db.exec("ANALYZE; UPDATE sqlite_stat1 SET stat = '1' WHERE tbl = 'eventuous_streams'");
  db.close();
  return path;
}

afterAll(() => {
  // Never a byte written beside the journals, and every copy removed once read or refused.
  expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  expect(copiesLeft()).toEqual([]);
  journals.remove();
  caches.remove();
});

function copiesLeft(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.endsWith('.tables')) found.push(entry.name);
      else if (entry.isDirectory()) walk(join(folder, entry.name));
    }
  };
  walk(caches.path);
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The copying processes a process started (Linux, from /proc; elsewhere none are seen, and the checks are skipped). */
function copyProcesses(parent: number): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== parent || !running(Number(entry))) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(COPY_PROCESS_MARK)) found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Whether a process still runs (a zombie, dead but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await sleep(50)) if (condition()) return true;
  return condition();
}

/** The longest this thread was kept from running a timer, while `work` ran: SQL on this thread would show here. */
async function longestStall<T>(work: Promise<T>): Promise<{ outcome: T | JournalError; stallMs: number; seconds: number }> {
  let stallMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 20);
  const started = performance.now();
  try {
    const outcome = await work.catch((error: unknown) => {
      if (error instanceof JournalError) return error;
      throw error;
    });
    return { outcome, stallMs, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(ticker);
  }
}

function service(): JournalService {
  return new JournalService({ samplePath: join(journals.path, 'none'), cacheDir: caches.path });
}

describe('the service, opening a SQLite journal whose SQL never ends', () => {
  it('refuses a view over a recursive CTE without end within a minute, naming the file and the view, and this thread stays free', async () => {
    const journals = service();
    try {
      const { outcome, stallMs, seconds } = await longestStall(journals.openJournal({ path: paths.endless! }));
      expect(outcome).toBeInstanceOf(JournalError);
      expect((outcome as JournalError).code).toBe('bad-format');
      expect((outcome as JournalError).message).toMatch(/^endless\.sqlite was not read: its view "events" yields more than 1,000,000 rows, far more than a SQLite file of 4 KB holds/);
      expect(seconds).toBeLessThan(60);
      // A generous bound for a loaded machine: the SQL itself ran for seconds, in another process.
      expect(stallMs).toBeLessThan(2000);
      expect(await until(() => copyProcesses(process.pid).length === 0, 10_000)).toBe(true);
    } finally {
      await journals.close();
    }
  }, 90_000);

  it('stops a view that yields no row before its endless CTE ends at the deadline, and its process with it', async () => {
    process.env[VIEW_SECONDS_VARIABLE] = '2';
    const journals = service();
    try {
      const { outcome, stallMs, seconds } = await longestStall(journals.openJournal({ path: paths.silent! }));
      expect((outcome as JournalError).message).toMatch(
        /^silent\.sqlite was not read: reading its view "events" took more than 2 seconds, the most a SQLite file of 4 KB may take \(its SQL may never end; EVENTLENS_VIEW_SECONDS sets the limit in seconds\)\.$/,
      );
      expect(seconds).toBeGreaterThanOrEqual(1.9);
      expect(seconds).toBeLessThan(30);
      expect(stallMs).toBeLessThan(2000);
      expect(await until(() => copyProcesses(process.pid).length === 0, 10_000)).toBe(true);
    } finally {
      delete process.env[VIEW_SECONDS_VARIABLE];
      await journals.close();
    }
  }, 60_000);

  it('cancels such an open at once, its process with it', async () => {
    const journals = service();
    try {
      const opening = longestStall(journals.openJournal({ path: paths.silent! }));
      // Copying has begun once its process runs (elsewhere than Linux, after a moment).
      if (process.platform === 'linux') expect(await until(() => copyProcesses(process.pid).length > 0, 20_000)).toBe(true);
      else await sleep(2000);
      const cancelled = performance.now();
      expect(await journals.cancelOpen()).toBe(true);
      const { outcome } = await opening;
      expect((outcome as JournalError).code).toBe('cancelled');
      expect((performance.now() - cancelled) / 1000).toBeLessThan(5);
      expect(await until(() => copyProcesses(process.pid).length === 0, 10_000)).toBe(true);
    } finally {
      await journals.close();
    }
  }, 60_000);

  it('refuses a value larger than SQLite allows (randomblob(2e9)), and a view whose rows would fill the disk, in words', async () => {
    const journals = service();
    try {
      await expect(journals.openJournal({ path: paths.huge! })).rejects.toThrow(
        /^huge\.sqlite was not read: its view "events" makes a value larger than SQLite allows \(string or blob too big\)\.$/,
      );
      const started = performance.now();
      await expect(journals.openJournal({ path: paths.filling! })).rejects.toThrow(
        /^filling\.sqlite was not read: its view "events" yields more than 256 MB, far more than a SQLite file of 4 KB holds\.$/,
      );
      expect((performance.now() - started) / 1000).toBeLessThan(60);
    } finally {
      await journals.close();
    }
  }, 120_000);

  it('reads a store whose events are a view over its tables through a copy of ordinary tables, as the tables say', async () => {
    const journals = service();
    try {
      const summary = await journals.openJournal({ path: paths.viewed! });
      expect(summary).toMatchObject({ format: 'sqlite', events: 3, streams: 2, firstTime: '2026-01-05T09:00:00.000Z', lastTime: '2026-01-05T10:00:00.000Z' });
      const { events } = await journals.events({ offset: 0, limit: 10 });
      expect(events.map(({ position, stream, version, type, data }) => ({ position, stream, version, type, data }))).toEqual([
        { position: 1, stream: 'account-1', version: 1, type: 'opened', data: { owner: 'ada' } },
        { position: 2, stream: 'account-2', version: 1, type: 'opened', data: { owner: 'grace' } },
        { position: 3, stream: 'account-1', version: 2, type: 'deposited', data: { amount: 100 } },
      ]);
    } finally {
      await journals.close();
    }
  }, 60_000);

  it('tells what makes reading run SQL of the file\'s own from sqlite_master, table_xinfo and the statistics tables alone', () => {
    expect(sqlOnReadingIn(paths.endless!)).toEqual([{ name: 'events', kind: 'view' }]);
    expect(sqlOnReadingIn(paths.viewed!)).toEqual([{ name: 'events', kind: 'view' }]);
    expect(sqlOnReadingIn(paths.searchable!)).toEqual([{ name: 'events', kind: 'virtual table' }]);
    expect(sqlOnReadingIn(paths.generated!)).toEqual([{ name: 'events', kind: 'table with generated columns' }]);
    expect(sqlOnReadingIn(paths.steered!)).toEqual([{ name: 'sqlite_stat1', kind: 'query planner statistics' }]);
    // A column that merely says "virtual" is an ordinary table's: read in place as before.
    expect(sqlOnReadingIn(paths.ordinary!)).toEqual([]);
  });

  it('reads a store whose planner statistics lie through the copy, which has none: its joins are planned afresh', async () => {
    const journals = service();
    try {
      expect(await journals.openJournal({ path: paths.steered! })).toMatchObject({ format: 'eventuous', events: 3000, streams: 3000 });
      expect((await journals.events({ offset: 2999, limit: 1 })).events.map((e) => [e.stream, e.position])).toEqual([['account-3000', 3000]]);
    } finally {
      await journals.close();
    }
  }, 60_000);

  it('reads a virtual table (FTS5) through the copy too', async () => {
    const journals = service();
    try {
      expect(await journals.openJournal({ path: paths.searchable! })).toMatchObject({ format: 'sqlite', events: 2, streams: 1 });
      const { events } = await journals.events({ offset: 0, limit: 10 });
      expect(events.map((e) => [e.stream, e.version, e.type, e.data])).toEqual([
        ['note-1', 1, 'written', { text: 'hello' }],
        ['note-1', 2, 'edited', { text: 'hello, world' }],
      ]);
    } finally {
      await journals.close();
    }
  }, 60_000);

  it('never computes a generated column: the table is read without it', async () => {
    const journals = service();
    try {
      const started = performance.now();
      expect(await journals.openJournal({ path: paths.generated! })).toMatchObject({ events: 2, streams: 1 });
      const { events } = await journals.events({ offset: 0, limit: 10 });
      expect(events.map((e) => [e.type, e.data, e.extra])).toEqual([
        ['opened', { owner: 'ada' }, undefined],
        ['closed', {}, undefined],
      ]);
      expect((performance.now() - started) / 1000).toBeLessThan(30);
    } finally {
      await journals.close();
    }
  }, 60_000);

  it('is refused by whole-file reading in this thread, which never runs it', async () => {
    const started = performance.now();
    await expect(readJournal(paths.endless!)).rejects.toThrow(/^endless\.sqlite was not read here: its view "events" can make reading it cost without bound; the app and the CLI read such a file in a process of its own\.$/);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Run>; printed: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, XDG_CACHE_HOME: caches.path, XDG_CONFIG_HOME: caches.path, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<Run>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, printed: () => stdout };
}

/** The run's end, or null if it ran past `ms` (it is then killed, so that no test leaves it behind). */
async function within(run: { child: ChildProcess; done: Promise<Run> }, ms: number): Promise<Run | null> {
  const late = sleep(ms).then(() => null);
  const ended = await Promise.race([run.done, late]);
  if (ended === null) {
    run.child.kill('SIGKILL');
    await run.done;
  }
  return ended;
}

describe('the CLI and the browser host, given such a journal', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  });

  it('the CLI refuses a view without end within a minute: exit code 2, one line naming the file and the view, no stack trace', async () => {
    const ended = await within(start(['info', paths.endless!, '--json']), 90_000);
    expect(ended, 'the CLI was still running after 90 seconds').not.toBeNull();
    expect(ended!.code).toBe(2);
    expect(ended!.stdout).toBe('');
    expect(ended!.stderr).toMatch(/^eventlens: endless\.sqlite was not read: its view "events" yields more than 1,000,000 rows[^\n]*\n$/);
    expect(ended!.stderr).not.toMatch(/\bat \S+ \(|node:internal|SqliteError|Error:/);
  }, 120_000);

  it('the CLI reads a store with a damaged page up to the damage, and says where reading stopped', async () => {
    const own = tempFolder('eventlens-damaged-sqlite-');
    const path = join(own.path, 'damaged.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE events (global_position INTEGER PRIMARY KEY, stream_id TEXT, version INTEGER, event_type TEXT, data TEXT)');
    const insert = db.prepare("INSERT INTO events (stream_id, version, event_type, data) VALUES (?, ?, 't', ?)");
    for (let i = 1; i <= 3000; i++) insert.run(`s-${i % 30}`, Math.ceil(i / 30), JSON.stringify({ i, padding: 'x'.repeat(200) }));
    db.close();
    // Two leaf pages of the table overwritten: the summary passes (worker threads) meet them.
    const bytes = readFileSync(path);
    for (const page of [40, 80]) bytes.fill(0x55, page * 4096 + 100, page * 4096 + 900);
    writeFileSync(path, bytes);
    // The summary's pass over every row (worker threads) meets the damage; the import then reads around it.
    const info = await within(start(['info', path, '--json']), 90_000);
    expect(info, 'info was still running after 90 seconds').not.toBeNull();
    expect(info!.code).toBe(0);
    const events = (JSON.parse(info!.stdout) as { events: number }).events;
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThan(3000);
    const audit = await within(start(['audit', path, '--json']), 90_000);
    expect(audit, 'audit was still running after 90 seconds').not.toBeNull();
    expect(audit!.code).toBe(1);
    const findings = (JSON.parse(audit!.stdout) as { findings: { kind: string; message: string }[] }).findings.filter((f) => f.kind === 'read-failed');
    expect(findings.map((f) => f.message)).toEqual([
      `damaged.sqlite could not be read to the end (database disk image is malformed); the ${events} events before that are shown.`,
    ]);
    expect(audit!.stderr).toBe('');
    own.remove();
  }, 200_000);

  it('SIGTERM stops the CLI at once while it reads a view that never yields, and the copying process with it', async () => {
    const run = start(['info', paths.silent!], { [VIEW_SECONDS_VARIABLE]: '600' });
    let copying: number[] = [];
    if (process.platform === 'linux') {
      expect(await until(() => (copying = copyProcesses(run.child.pid!)).length > 0, 30_000), 'the CLI never began copying').toBe(true);
      // Well inside the copy: SQLite is counting the endless CTE.
      await sleep(500);
    } else await sleep(3000);
    const sent = performance.now();
    run.child.kill('SIGTERM');
    const ended = await within(run, 15_000);
    expect(ended, 'the CLI ignored SIGTERM').not.toBeNull();
    expect((performance.now() - sent) / 1000).toBeLessThan(10);
    expect(ended!.stderr).not.toMatch(/\bat \S+ \(|node:internal|SqliteError/);
    // The copying process sees the CLI gone (its channel closes) and kills itself.
    expect(await until(() => copying.every((pid) => !running(pid)), 15_000), 'the copying process outlived the CLI').toBe(true);
  }, 90_000);

  it('the browser host answers while it reads such a journal, and stops on SIGTERM', async () => {
    const run = start(['serve', '--port', '0'], { [VIEW_SECONDS_VARIABLE]: '600' });
    let url: URL | null = null;
    const started = await until(() => {
      const printed = /Eventlens is serving on (\S+)/.exec(run.printed())?.[1];
      if (printed !== undefined) url = new URL(printed);
      return url !== null;
    }, 60_000);
    expect(started, 'the host never printed its address').toBe(true);
    const api = (method: string, body: unknown) =>
      fetch(new URL(`/api/${method}`, url!), { method: 'POST', headers: { Authorization: `Bearer ${url!.searchParams.get('token')}`, 'X-Eventlens-Session': 'hostile-sqlite-tab-0123', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const opening = api('openJournal', { path: paths.silent }).then(
      (response) => response.json(),
      () => null,
    );
    let copying: number[] = [];
    if (process.platform === 'linux') expect(await until(() => (copying = copyProcesses(run.child.pid!)).length > 0, 30_000)).toBe(true);
    else await sleep(3000);
    const asked = performance.now();
    const answer = (await (await api('openProgress', {})).json()) as { ok: boolean; value: { name: string } | null };
    expect((performance.now() - asked) / 1000).toBeLessThan(5);
    expect(answer).toMatchObject({ ok: true, value: { name: 'silent.sqlite' } });
    const sent = performance.now();
    run.child.kill('SIGTERM');
    const ended = await within(run, 15_000);
    expect(ended, 'the host ignored SIGTERM').not.toBeNull();
    expect((performance.now() - sent) / 1000).toBeLessThan(10);
    // Closed by its own SIGTERM handler (exit 143, as a signal's end reads), not killed mid-native-call.
    expect([0, 143]).toContain(ended!.code);
    expect(ended!.stderr).not.toMatch(/\bat \S+ \(|node:internal|SqliteError/);
    await opening;
    expect(await until(() => copying.every((pid) => !running(pid)), 15_000), 'the copying process outlived the host').toBe(true);
  }, 120_000);
});
