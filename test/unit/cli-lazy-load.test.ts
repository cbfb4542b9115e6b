// Each CLI command loads what it needs when it runs, nothing before: `info` on a journal whose cache still answers
// for the file loads no reader, no journal service and no parser library (store/cache-lookup.ts), and a command that
// does open the journal still loads neither the browser host nor the parsers of formats it is not reading. Checked
// structurally, not timed: the built bin runs in a child process with a module hook that writes down every module it
// loads (ESM resolutions, and CommonJS modules required at run time, as the yaml library is), so a static import of a
// heavy module on one of these paths fails here. The time itself is measured by `npm run bench` (cli-start.mjs).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

const folder = tempFolder('eventlens-lazy-load-');
const cacheHome = join(folder.path, 'cache');
const journalsFolder = () => join(cacheHome, 'eventlens', 'journals');
const hooks = join(folder.path, 'log-hooks.mjs');
const register = join(folder.path, 'log-register.mjs');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build:node" first (npm test builds).`);
  writeFileSync(
    hooks,
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function resolve(specifier, context, next) {\n' +
      '  const resolved = await next(specifier, context);\n' +
      '  appendFileSync(process.env.EVENTLENS_MODULE_LOG, resolved.url + "\\n");\n' +
      '  return resolved;\n' +
      '}\n',
  );
  // CommonJS modules loaded with require() (createRequire) pass no ESM hook: the require cache names them at exit.
  writeFileSync(
    register,
    "import { appendFileSync } from 'node:fs';\n" +
      "import { createRequire, register } from 'node:module';\n" +
      `register(${JSON.stringify(pathToFileURL(hooks).href)});\n` +
      'const require = createRequire(import.meta.url);\n' +
      "process.on('exit', () => appendFileSync(process.env.EVENTLENS_MODULE_LOG, Object.keys(require.cache).join('\\n') + '\\n'));\n",
  );
});
afterAll(() => folder.remove());

let runs = 0;
/** Runs the CLI; `loaded` is every module the process loaded, as URLs or paths with forward slashes. */
function eventlens(...args: string[]) {
  const log = join(folder.path, `modules-${++runs}.log`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, EVENTLENS_MODULE_LOG: log },
  });
  const loaded = [...new Set(readFileSync(log, 'utf8').replaceAll('\\', '/').split('\n').filter(Boolean))];
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, loaded };
}

/** Packages: better-sqlite3 (and the two it loads its addon with) is all a cached info needs. */
const OTHER_PACKAGES = /\/node_modules\/(?!better-sqlite3\/|bindings\/|file-uri-to-path\/)/;
/** The journal service and what it opens a journal with: readers, the import, the stores, replay, audit, the host. */
const JOURNAL_CODE =
  /\/electron\/(service\/(?!app-version)|host\/|readers\/(?!sqlite-magic|sqlite-open|json\/record-limit)|store\/(open-store|importer|import-|sql-store|in-place|row-source|cache-build)|replay\/|audit\/|reducers\/)|\/cli\/(commands|audit-commands|replay-text)\.js/;
/** Parsers of formats other than JSON, and of the user's reducers: loaded only when a journal or reducer needs them. */
const OTHER_FORMATS = /\/node_modules\/(@temporalio|fast-xml-parser|yaml|stream-json|sucrase)\//;

const heavy = (loaded: string[], pattern: RegExp) => loaded.filter((id) => pattern.test(id));

describe('info on a journal whose cache still answers for it', () => {
  const journal = join(folder.path, 'bank.ndjson');
  beforeAll(() => writeNdjson(journal, BANK_EVENTS));

  it('the first info opens the journal; the next answer from its cache, the same, loading no journal code or parser', () => {
    const first = eventlens('info', journal);
    expect(first.code, first.stderr).toBe(0);
    expect(first.loaded.some((id) => id.includes('/service/journal-service.js')), 'the first info opens the journal with the service').toBe(true);
    const firstJson = eventlens('info', journal, '--json');

    // The second reads the summary from the cache file (better-sqlite3 alone), and leaves it on the entry's card.
    const cached = eventlens('info', journal);
    expect(cached.code, cached.stderr).toBe(0);
    expect(cached.stdout).toBe(first.stdout);
    expect(cached.stdout).toContain('events   7\n');
    expect(cached.loaded.some((id) => id.endsWith('/cli/info-command.js')), 'the hook saw the cached info').toBe(true);
    expect(heavy(cached.loaded, OTHER_PACKAGES)).toEqual([]);
    expect(heavy(cached.loaded, JOURNAL_CODE)).toEqual([]);
    expect(readdirSync(journalsFolder()).filter((name) => name.endsWith('-card.json'))).toHaveLength(1);

    // Later ones answer from the card: not even SQLite loads.
    for (const args of [[], ['--json']]) {
      const carded = eventlens('info', journal, ...args);
      expect(carded.stdout).toBe(args.length === 0 ? first.stdout : firstJson.stdout);
      expect(carded.loaded.some((id) => id.endsWith('/cli/info-command.js'))).toBe(true);
      expect(heavy(carded.loaded, /\/node_modules\//)).toEqual([]);
      expect(heavy(carded.loaded, JOURNAL_CODE)).toEqual([]);
    }
  });

  it('a card answers only for the cache file it was read from: not for one built again under the same key', () => {
    expect(eventlens('info', journal).code).toBe(0);
    expect(eventlens('info', journal).code).toBe(0);
    const [card] = readdirSync(journalsFolder()).filter((name) => name.endsWith('-card.json'));
    const cardFile = join(journalsFolder(), card!);
    const cacheFile = cardFile.replace(/-card\.json$/, '.sqlite');
    // The cache file goes (as a rebuild removes it) and the next info builds it again; its old card says 999 events.
    const old = JSON.parse(readFileSync(cardFile, 'utf8')) as { summary: { events: number } };
    rmSync(cacheFile);
    expect(eventlens('info', journal).code).toBe(0);
    expect(existsSync(cacheFile)).toBe(true);
    writeFileSync(cardFile, JSON.stringify({ ...old, summary: { ...old.summary, events: 999 } }));

    const next = eventlens('info', journal, '--json');
    expect(JSON.parse(next.stdout)).toMatchObject({ events: 7 });
    expect(next.loaded.some((id) => id.includes('/node_modules/better-sqlite3/')), 'read from the new cache file').toBe(true);
    expect(JSON.parse(readFileSync(cardFile, 'utf8'))).toMatchObject({ summary: { events: 7 } });
  });

  it('cache --clear takes the cards with the cache files, and --list counts an entry once', () => {
    expect(eventlens('info', journal).code).toBe(0);
    expect(eventlens('info', journal).code).toBe(0);
    const listed = JSON.parse(eventlens('cache', '--list', '--json').stdout) as { entries: { journal: string | null }[] };
    expect(listed.entries.filter((entry) => entry.journal === journal)).toHaveLength(1);
    expect(eventlens('cache', '--clear').code).toBe(0);
    expect(readdirSync(journalsFolder())).toEqual([]);
  });

  it('a journal changed since is read again, even with its size and modification time as before', () => {
    expect(eventlens('info', journal).code).toBe(0);
    const before = statSync(journal);
    // The same length, the first event a day earlier, the modification time set back: the change time still moved.
    const text = readFileSync(journal, 'utf8');
    writeFileSync(journal, text.replace('2026-01-05T09:00:00.000Z', '2026-01-04T09:00:00.000Z'));
    utimesSync(journal, before.atime, before.mtime);
    expect(statSync(journal).size).toBe(before.size);

    const changed = eventlens('info', journal, '--json');
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({ events: 7, firstTime: '2026-01-04T09:00:00.000Z' });
    expect(changed.loaded.some((id) => id.includes('/service/journal-service.js')), 'read again through the service').toBe(true);

    appendFileSync(journal, JSON.stringify({ ...BANK_EVENTS[0], version: 9, type: 'note_added', time: '2026-01-08T09:00:00.000Z' }) + '\n');
    const grown = eventlens('info', journal, '--json');
    expect(JSON.parse(grown.stdout)).toMatchObject({ events: 8, lastTime: '2026-01-08T09:00:00.000Z' });
    // And that new content's cache answers the next info.
    const again = eventlens('info', journal, '--json');
    expect(again.stdout).toBe(grown.stdout);
    expect(heavy(again.loaded, JOURNAL_CODE)).toEqual([]);
  });

  it('a file that is not there is said as the full open says it', () => {
    const missing = eventlens('info', join(folder.path, 'nope.ndjson'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.ndjson does not exist/);
  });
});

describe('commands that open the journal load what that journal needs', () => {
  const journal = join(folder.path, 'other.ndjson');
  beforeAll(() => writeNdjson(journal, BANK_EVENTS.slice(0, 3)));

  it.each([['info'], ['streams'], ['events'], ['rates']])('%s on an NDJSON journal: no browser host, no other format parser', (command) => {
    const run = eventlens(command, journal, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.loaded.some((id) => id.includes('/service/journal-service.js'))).toBe(true);
    expect(heavy(run.loaded, /\/electron\/host\//)).toEqual([]);
    expect(heavy(run.loaded, OTHER_FORMATS)).toEqual([]);
  });

  it('cache --list loads no journal code', () => {
    const run = eventlens('cache', '--list', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(heavy(run.loaded, JOURNAL_CODE)).toEqual([]);
    expect(heavy(run.loaded, OTHER_PACKAGES)).toEqual([]);
  });
});
