// `eventlens audit` and `eventlens diff` as a CI pipeline runs them: the built bin, JSON out, exit codes that gate.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_EVENTS, folderFingerprint, tempFolder, writeNdjson } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

function eventlens(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: caches.path } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const journals = tempFolder('eventlens-cli-audit-');
const caches = tempFolder('eventlens-cli-audit-cache-');
const reports = tempFolder('eventlens-cli-audit-reports-');
const clean = join(journals.path, 'clean.ndjson');
const gapped = join(journals.path, 'gapped.ndjson');
const rewritten = join(journals.path, 'rewritten.ndjson');
const extended = join(journals.path, 'extended.ndjson');
let fingerprint: Record<string, string>;

/** The bank journal with account-1's version 2 taken out: a gap between versions 1 and 3. */
const withGap: FixtureEvent[] = BANK_EVENTS.filter((event) => !(event.stream === 'account-1' && event.version === 2));

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  writeNdjson(clean, BANK_EVENTS);
  writeNdjson(gapped, withGap);
  // An old deposit changed after the fact: the amount of account-1's version 2.
  writeNdjson(
    rewritten,
    BANK_EVENTS.map((event) => (event.stream === 'account-1' && event.version === 2 ? { ...event, data: { ...(event.data as object), amount: 4000 } } : event)),
  );
  writeNdjson(extended, [...BANK_EVENTS, { stream: 'account-1', version: 99, type: 'money_deposited', time: '2026-01-08T09:00:00.000Z', data: { amount: 1 } }]);
  fingerprint = folderFingerprint(journals.path);
});
afterAll(() => {
  // Journals are evidence: auditing and comparing them leaves their folder byte for byte as it was.
  expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  journals.remove();
  caches.remove();
  reports.remove();
});

describe('eventlens audit', () => {
  it('passes a clean journal: exit 0, no error finding, the file digest as sha256sum gives it', () => {
    const run = eventlens('audit', clean, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.findings.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual([]);
    expect(out.digest).toEqual({ algorithm: 'sha256', hex: createHash('sha256').update(readFileSync(clean)).digest('hex'), bytes: readFileSync(clean).length });
  });

  it('fails on a version gap with the finding placed by stream and version, and --fail-on picks the threshold', () => {
    const run = eventlens('audit', gapped, '--json');
    const out = JSON.parse(run.stdout);
    const gap = out.findings.find((finding: { kind: string }) => finding.kind === 'version-gap');
    expect(gap).toMatchObject({ stream: 'account-1', severity: expect.stringMatching(/error|warning/) });
    expect(Object.keys(gap).sort()).toEqual(['kind', 'message', 'position', 'severity', 'stream', 'version']);
    expect(gap.message).toContain('account-1');
    const failsAt = gap.severity === 'error' ? 'error' : 'warning';
    expect(eventlens('audit', gapped, '--json', '--fail-on', failsAt).code).toBe(1);
    expect(eventlens('audit', gapped, '--fail-on', 'warning').code).toBe(1);
    expect(eventlens('audit', gapped, '--fail-on', 'nonsense').code).toBe(2);
  });

  it('writes the report where asked, as HTML or JSON, never over the journal', () => {
    const html = join(reports.path, 'gapped-audit.html');
    const run = eventlens('audit', gapped, '--report', html);
    expect(run.stdout).toContain('version-gap');
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/^<!doctype html>/i);
    expect(text).toContain(createHash('sha256').update(readFileSync(gapped)).digest('hex'));
    const json = join(reports.path, 'gapped-audit.json');
    eventlens('audit', gapped, '--report', json);
    expect(JSON.parse(readFileSync(json, 'utf8')).audit.findings.some((finding: { kind: string }) => finding.kind === 'version-gap')).toBe(true);
    const over = eventlens('audit', gapped, '--report', gapped);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('overwrite the journal');
  });
});

describe('eventlens diff', () => {
  it('says two copies of one history are identical (exit 0)', () => {
    const run = eventlens('diff', clean, clean, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ identical: true, added: 0, removed: 0, modified: 0, rewritten: 0 });
  });

  it('reports an export that only grew as added events, not a rewrite', () => {
    const run = eventlens('diff', clean, extended, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ identical: false, added: 1, removed: 0, modified: 0, rewritten: 0 });
  });

  it('makes a rewritten history stand out, with the payload change of the modified event', () => {
    const json = JSON.parse(eventlens('diff', clean, rewritten, '--json').stdout);
    expect(json).toMatchObject({ modified: 1, rewritten: 1 });
    const [difference] = json.differences;
    expect(difference).toMatchObject({ kind: 'modified', stream: 'account-1', version: 2 });
    expect(difference.changes).toContainEqual(expect.objectContaining({ path: '/data/amount', after: 4000 }));
    const text = eventlens('diff', clean, rewritten);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('HISTORY REWRITTEN');
    expect(eventlens('diff', clean).code).toBe(2);
  });
});
