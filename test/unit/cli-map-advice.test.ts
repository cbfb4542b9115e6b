// When a journal's columns or fields are not recognised, the service says so in no surface's syntax (remedy "map");
// the CLI adds its own words, --map, and the app its Map columns… dialog (renderer/lib/errors.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const folder = tempFolder();

function eventlens(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
});
afterAll(() => folder.remove());

describe('an encrypted store', () => {
  it('the CLI says to give the key with --cipher-key', async () => {
    const { writeEventsourcingPython, newCipherKey } = await import('../support/stores/eventsourcing-python.js');
    const path = writeEventsourcingPython(join(folder.path, 'bank.sqlite'), { cipherKey: newCipherKey() });
    const failed = eventlens('info', path);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/the events are encrypted \(AES-GCM\); the key they were written with is needed\. Give the key with --cipher-key KEY\./);
  });
});

describe('a journal whose columns are not recognised', () => {
  it('JSON: the CLI says how to name them with --map, and --map then reads it', () => {
    const odd = join(folder.path, 'odd.ndjson');
    writeFileSync(odd, `${JSON.stringify({ agg: 'a-1', kind: 'opened', body: {} })}\n`);
    const failed = eventlens('info', odd);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/^eventlens: No events could be read\. .* name them by hand\. Use --map stream=NAME,version=NAME,type=NAME,data=NAME,time=NAME/);
    expect(failed.stderr).not.toContain('Map columns');
    const mapped = eventlens('info', odd, '--map', 'stream=agg,type=kind,data=body');
    expect(mapped.code).toBe(0);
  });

  it('SQLite: the same advice, with table=NAME', () => {
    const path = join(folder.path, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE people (id INTEGER, name TEXT)');
    db.close();
    const failed = eventlens('info', path);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/holds no events table Eventlens recognises: .* Name its table and columns by hand\. Use --map .*table=NAME for a SQLite database/);
    expect(failed.stderr).not.toContain('Map columns');
  });
});
