import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFromInstanceData, journalPathFromArgv } from '../../electron/shell/argv.js';

const packaged = { defaultApp: false, cwd: '/home/me/work' };
const development = { defaultApp: true, cwd: '/repo' };

describe('journalPathFromArgv', () => {
  it.each([
    ['packaged, absolute', ['/opt/Eventlens/eventlens', '/data/orders.sqlite'], packaged, '/data/orders.sqlite'],
    ['packaged, relative to the working directory', ['/opt/Eventlens/eventlens', 'exports/j.ndjson'], packaged, '/home/me/work/exports/j.ndjson'],
    ['packaged, no file', ['/opt/Eventlens/eventlens'], packaged, null],
    ['electron . FILE', ['/repo/node_modules/electron/dist/electron', '.', 'fixtures/j.json'], development, '/repo/fixtures/j.json'],
    ['electron . (no file)', ['/repo/node_modules/electron/dist/electron', '.'], development, null],
    ['electron dist/electron/main.js FILE', ['electron', 'dist/electron/main.js', '/data/j.jsonl'], development, '/data/j.jsonl'],
    ['switches anywhere are skipped', ['eventlens', '--no-sandbox', '/data/a.db', '--enable-logging'], packaged, '/data/a.db'],
    ['Chromium switches put first in a second instance', ['electron', '--allow-file-access-from-files', '--original-process-start-time=1', '.', 'b.db'], { defaultApp: true, cwd: '/w' }, '/w/b.db'],
    ['the macOS process serial number', ['Eventlens', '-psn_0_12345'], packaged, null],
    ['after --, a file named like a switch', ['eventlens', '--', '-odd.ndjson'], packaged, '/home/me/work/-odd.ndjson'],
    ['the first of several files', ['eventlens', '/a.db', '/b.db'], packaged, '/a.db'],
    ['a blank argument', ['eventlens', ' '], packaged, null],
  ])('%s', (_name, argv, context, expected) => {
    expect(journalPathFromArgv(argv, context)).toBe(expected === null ? null : resolve(expected));
  });
});

describe('fileFromInstanceData', () => {
  it('takes the absolute path a second instance sent', () => {
    expect(fileFromInstanceData({ file: '/data/j.ndjson' })).toBe('/data/j.ndjson');
  });
  it.each([null, undefined, 'x', {}, { file: null }, { file: 3 }, { file: 'relative.ndjson' }])('ignores %j', (data) => {
    expect(fileFromInstanceData(data)).toBeNull();
  });
});
