// The audit report never replaces a file being read: not through a symbolic link, a hard link, a linked folder or a
// `..` after one, nor by the same path spelled another way. It is written to a temporary file and renamed into place,
// so a link at the target is replaced, never followed. Checked on the module and on the built `eventlens audit`.
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalError } from '../../shared/contract.js';
import { reportTarget, writeReport } from '../../electron/audit/report-file.js';
import type { ReadFile } from '../../electron/audit/report-file.js';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeNdjson } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

const root = tempFolder('eventlens-report-output-');
const caches = tempFolder('eventlens-report-output-cache-');
/** The evidence: a journal in a folder of its own, fingerprinted before and compared after every test. */
const evidence = join(root.path, 'evidence');
const journal = join(evidence, 'ev.ndjson');
const reducer = join(evidence, 'reducer.mjs');
/** Where reports may go, and the links that lead from there back to the evidence. */
const reports = join(root.path, 'reports');
const linkedEvidence = join(reports, 'linked-evidence');
const nested = join(evidence, 'nested');
const linkedNested = join(reports, 'linked-nested');
const elsewhere = join(root.path, 'elsewhere');
let fingerprint: Record<string, string>;

beforeAll(() => {
  mkdirSync(nested, { recursive: true });
  mkdirSync(reports);
  mkdirSync(elsewhere);
  writeNdjson(journal, BANK_EVENTS);
  writeFileSync(reducer, 'export function apply(state, event) { return { ...state, last: event.type }; }\n');
  symlinkSync(journal, join(reports, 'symlink.html'));
  linkSync(journal, join(reports, 'hardlink.html'));
  symlinkSync(evidence, linkedEvidence);
  symlinkSync(nested, linkedNested);
  fingerprint = folderFingerprint(evidence);
});
afterAll(() => {
  // The evidence folder, byte for byte as it was: no report, no temporary file, no journal changed.
  expect(folderFingerprint(evidence)).toEqual(fingerprint);
  expect(readdirSync(evidence).sort()).toEqual(['ev.ndjson', 'nested', 'reducer.mjs']);
  root.remove();
  caches.remove();
});

const reading: ReadFile[] = [{ path: journal, what: 'journal' }];

/** The paths that all reach the journal, and why each is the journal. */
const HOSTILE: [string, string][] = [
  ['the same path', journal],
  ['the same path spelled another way', `${evidence}/nested/.././ev.ndjson`],
  ['a symbolic link', join(reports, 'symlink.html')],
  ['a hard link', join(reports, 'hardlink.html')],
  ['a symlinked folder', join(linkedEvidence, 'ev.ndjson')],
  // Lexically reports/ev.ndjson, which does not exist; the system goes through the link: evidence/nested/.. is evidence.
  ['`..` after a symlinked folder', `${linkedNested}/../ev.ndjson`],
];

function refusal(action: () => unknown): JournalError {
  try {
    action();
  } catch (error) {
    if (error instanceof JournalError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('reportTarget and writeReport', () => {
  it.each(HOSTILE)('refuse %s to the journal, naming both paths', async (_how, target) => {
    const error = refusal(() => reportTarget(target, reading));
    expect(error.code).toBe('bad-request');
    expect(error.message).toContain(`The report ${target} would overwrite the journal ${journal}`);
    await expect(writeReport(target, '<!doctype html>', reading)).rejects.toThrow('would overwrite the journal');
    expect(folderFingerprint(evidence)).toEqual(fingerprint);
  });

  it('refuse the journal reached through a symlinked folder, the report given by its real path', () => {
    const throughLink: ReadFile[] = [{ path: join(linkedEvidence, 'ev.ndjson'), what: 'journal' }];
    expect(refusal(() => reportTarget(journal, throughLink)).message).toContain('would overwrite the journal');
  });

  it('refuse the reducer being read as well', () => {
    const error = refusal(() => reportTarget(join(linkedEvidence, 'reducer.mjs'), [...reading, { path: reducer, what: 'reducer' }]));
    expect(error.message).toContain(`would overwrite the reducer ${reducer}`);
  });

  it('say how the two paths are one file', () => {
    expect(refusal(() => reportTarget(join(reports, 'symlink.html'), reading)).message).toContain('symbolic link');
    expect(refusal(() => reportTarget(join(reports, 'hardlink.html'), reading)).message).toContain('hard link');
    expect(refusal(() => reportTarget(join(linkedEvidence, 'ev.ndjson'), reading)).message).toContain('linked folder');
  });

  it('refuse a folder, and a folder that does not exist, with words rather than a system error', () => {
    for (const target of [reports, `${reports}/`, join(reports, '.'), join(reports, '..')]) expect(refusal(() => reportTarget(target, reading)).message).toMatch(/folder/);
    expect(refusal(() => reportTarget(join(root.path, 'missing', 'r.html'), reading)).message).toContain('does not exist');
  });

  it('write a report on an ordinary path, also a new one inside a symlinked folder, and leave no temporary file', async () => {
    const plain = join(reports, 'audit.html');
    expect(await writeReport(plain, 'first', reading)).toBe(join(realpathSync(reports), 'audit.html'));
    expect(await writeReport(plain, 'second', reading)).toBe(join(realpathSync(reports), 'audit.html'));
    expect(readFileSync(plain, 'utf8')).toBe('second');
    const linkedElsewhere = join(reports, 'linked-elsewhere');
    symlinkSync(elsewhere, linkedElsewhere);
    await writeReport(join(linkedElsewhere, 'new.json'), '{}', reading);
    expect(readFileSync(join(elsewhere, 'new.json'), 'utf8')).toBe('{}');
    expect(readdirSync(elsewhere)).toEqual(['new.json']);
    expect(readdirSync(reports).filter((name) => name.includes('eventlens-report'))).toEqual([]);
  });

  it('replace a symbolic link at the target rather than write through it', async () => {
    const other = join(elsewhere, 'someone-elses.txt');
    writeFileSync(other, 'not ours');
    const link = join(reports, 'points-elsewhere.html');
    symlinkSync(other, link);
    await writeReport(link, '<!doctype html>', reading);
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('<!doctype html>');
    expect(readFileSync(other, 'utf8')).toBe('not ours');
  });
});

// Each test runs the CLI (an audit each time): generous on a loaded machine.
describe('eventlens audit --report', { timeout: 60_000 }, () => {
  function eventlens(...args: string[]) {
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: reports, env: { ...process.env, XDG_CACHE_HOME: caches.path } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  });

  it.each([...HOSTILE, ['a relative path', relative(reports, journal)]])('refuses %s to the journal: exit 2, both paths named', (_how, target) => {
    const run = eventlens('audit', journal, '--report', target);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('would overwrite the journal');
    expect(run.stderr).toContain(target);
    expect(run.stderr).toContain(journal);
    expect(folderFingerprint(evidence)).toEqual(fingerprint);
  });

  it('refuses the journal given through a symlinked folder, the report by its real path', () => {
    const run = eventlens('audit', join(linkedEvidence, 'ev.ndjson'), '--report', journal);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('would overwrite the journal');
    expect(folderFingerprint(evidence)).toEqual(fingerprint);
  });

  it('still writes a report on an ordinary path, relative or not', () => {
    const run = eventlens('audit', journal, '--report', 'cli-audit.html');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(join(reports, 'cli-audit.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(run.stdout).toContain(`report written to ${join(realpathSync(reports), 'cli-audit.html')}`);
    const json = join(reports, 'cli-audit.json');
    expect(eventlens('audit', journal, '--json', '--report', json).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toHaveProperty('audit');
  });
});
