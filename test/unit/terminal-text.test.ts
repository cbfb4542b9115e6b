// The terminal shows text, never commands: whatever a journal or a file name holds, eventlens writes it to stdout and
// stderr with every control, bidi, invisible and separator character escaped, in one notation that reads one way only.
// The properties are checked on terminal-text.ts itself, then end to end on the built CLI with a hostile journal.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminal, terminalJson, terminalText } from '../../electron/cli/terminal-text.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

/** The code points no terminal may receive from a journal, written out from the promise (not from the module). */
const UNSAFE_RANGES: [number, number][] = [
  [0x0000, 0x001f], // C0 controls, tab and newline included
  [0x007f, 0x009f], // DEL and the C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors, vowel separator
  [0x200b, 0x200f], // zero-width space, joiners, LRM, RLM
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates U+2066–U+2069
  [0x3164, 0x3164], // Hangul filler
  [0xd800, 0xdfff], // lone surrogates
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // byte order mark
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff0, 0xfffb], // default-ignorable unassigned, interlinear annotations
  [0x1bca0, 0x1bca3], // shorthand format controls
  [0x1d173, 0x1d17a], // musical format controls
  [0xe0000, 0xe0fff], // tags and variation selectors supplement
];

/** Unicode's own classes, so a code point Unicode adds to them fails this test until the module escapes it. */
const UNICODE_UNSAFE = /^(?:\p{Cc}|\p{Default_Ignorable_Code_Point}|\p{Bidi_Control}|\p{Zl}|\p{Zp}|\p{Cs})$/u;

function isUnsafe(codePoint: number): boolean {
  return UNSAFE_RANGES.some(([low, high]) => codePoint >= low && codePoint <= high) || UNICODE_UNSAFE.test(String.fromCodePoint(codePoint));
}

/** The unsafe characters of a text (for…of walks code points; a lone surrogate is one of them). */
function unsafeIn(text: string, allowed: string[] = []): string[] {
  return [...text].filter((char) => !allowed.includes(char) && isUnsafe(char.codePointAt(0)!));
}

/** How a person reads the output back: every `\u{hex}` is an escape, every other character is itself. */
function readBack(shown: string): string {
  return shown.replace(/\\u\{([0-9a-f]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

const codePointIn = (min: number, max: number) => fc.integer({ min, max }).map((codePoint) => String.fromCodePoint(codePoint));

/** Any code point (lone surrogates included), each unsafe range on its own, and the notation's own characters. */
const hostileCharacter = fc.oneof(
  codePointIn(0, 0x10ffff),
  ...UNSAFE_RANGES.map(([low, high]) => codePointIn(low, high)),
  fc.constantFrom('\\', 'u', '{', '}', '1', 'b', 'a', ' ', '\\u{1b}', '\\u{5c}'),
);
const hostileText = fc.array(hostileCharacter, { maxLength: 40 }).map((chars) => chars.join(''));

const printableCharacter = fc.oneof(codePointIn(0, 0x10ffff), fc.constantFrom('\\', 'u', '{', '}', 'é', 'ש', 'م', '🙂')).filter((char) => !isUnsafe(char.codePointAt(0)!));
const printableText = fc
  .array(printableCharacter, { maxLength: 40 })
  .map((chars) => chars.join(''))
  .filter((text) => !text.includes('\\u{'));

describe('terminalText', () => {
  it('escapes exactly the unsafe code points, as \\u{hex}, and passes every other code point through', () => {
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const char = String.fromCodePoint(codePoint);
      const shown = terminalText(char);
      if (isUnsafe(codePoint)) {
        if (shown !== `\\u{${codePoint.toString(16)}}`) expect(shown, `U+${codePoint.toString(16)}`).toBe(`\\u{${codePoint.toString(16)}}`);
      } else if (shown !== char) {
        expect(shown, `U+${codePoint.toString(16)}`).toBe(char);
      }
    }
  });

  it('shows the attacks of the issue as text', () => {
    expect(terminalText('\x1b]0;pwned\x07')).toBe('\\u{1b}]0;pwned\\u{7}');
    expect(terminalText('\x1b[2J')).toBe('\\u{1b}[2J');
    expect(terminalText('invoice\u202efdp.exe')).toBe('invoice\\u{202e}fdp.exe');
    expect(terminalText('one\u2028two\nthree\tfour')).toBe('one\\u{2028}two\\u{a}three\\u{9}four');
    expect(terminalText('\u00ad\u061c\u3164\ufeff\u{e0041}\ud800')).toBe('\\u{ad}\\u{61c}\\u{3164}\\u{feff}\\u{e0041}\\u{d800}');
  });

  it('leaves a backslash alone unless it would start an escape, which it then is itself', () => {
    expect(terminalText('C:\\Users\\ada\\journal.ndjson')).toBe('C:\\Users\\ada\\journal.ndjson');
    expect(terminalText('\\n and \\x1b and \\u001b')).toBe('\\n and \\x1b and \\u001b');
    // The journal's own text "\u{1b}" and a real ESC print differently.
    expect(terminalText('\\u{1b}')).toBe('\\u{5c}u{1b}');
    expect(terminalText('\x1b')).toBe('\\u{1b}');
  });

  it('never lets an unsafe code point through', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(unsafeIn(terminalText(text))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes printable text through unchanged', () => {
    fc.assert(
      fc.property(printableText, (text) => {
        expect(terminalText(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('is injective: the output reads back as the input, so two different inputs never print alike', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(readBack(terminalText(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
    // Short strings over the notation's own characters, where a look-alike would be found if there were one.
    const notation = fc.array(fc.constantFrom('\\', 'u', '{', '}', '1', 'b', '5', 'c', '\x1b', '\\u{1b}'), { maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(notation, notation, (a, b) => {
        fc.pre(a !== b);
        expect(terminalText(a)).not.toBe(terminalText(b));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('terminal lines', () => {
  it('keep their own tabs and escape the tabs and newlines inside values', () => {
    const stream = 'account\t1\nfake row';
    expect(terminal`${stream}\t${3}\t1..3`).toBe('account\\u{9}1\\u{a}fake row\t3\t1..3');
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        expect(terminal`${a}\t${b}`.split('\t')).toEqual([terminalText(a), terminalText(b)]);
      }),
    );
  });
});

describe('terminalJson', () => {
  it('escapes what JSON.stringify leaves raw, and the JSON parses back to the same value', () => {
    expect(terminalJson(JSON.stringify('a\u202eb\u2028c\u0085\u{e0041}'))).toBe('"a\\u202eb\\u2028c\\u0085\\udb40\\udc41"');
    const value = fc.dictionary(hostileText, fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 }), fc.integer()), { maxKeys: 4 });
    fc.assert(
      fc.property(value, (object) => {
        const written = JSON.stringify(object, null, 2);
        const shown = terminalJson(written);
        // The indentation's newlines are JSON's, not the journal's.
        expect(unsafeIn(shown, ['\n'])).toEqual([]);
        expect(JSON.parse(shown)).toEqual(JSON.parse(written));
      }),
      { numRuns: 1000 },
    );
  });
});

// The built bin, in a child process, as a person runs it (npm test builds first; `npm run build:node` is enough).
const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

const OSC_TITLE = '\x1b]0;pwned\x07';
const CLEAR_SCREEN = '\x1b[2J';
const HOSTILE = `${OSC_TITLE}${CLEAR_SCREEN}\u202e\u2028`;
const SHOWN_TITLE = '\\u{1b}]0;pwned\\u{7}';

const folder = tempFolder('eventlens-terminal-text-');
const caches = tempFolder('eventlens-terminal-text-cache-');
const stream = `account\t${HOSTILE}-1`;
const journal = join(folder.path, `journal${HOSTILE}.ndjson`);
const changed = join(folder.path, `changed${HOSTILE}.ndjson`);
const notJournal = join(folder.path, `notes${HOSTILE}.txt`);

/** A stream whose name, types and payload carry the attacks, with a gap and a duplicate so findings quote the name. */
const hostileEvents: FixtureEvent[] = [
  { stream, version: 1, type: `opened${HOSTILE}`, time: '2026-01-05T09:00:00.000Z', data: { note: `hello${HOSTILE}\nworld`, [`key${CLEAR_SCREEN}`]: 1 } },
  { stream, version: 3, type: `deposited${OSC_TITLE}`, time: '2026-01-05T10:00:00.000Z', data: { amount: 5 } },
  { stream, version: 3, type: `deposited${OSC_TITLE}`, time: '2026-01-05T11:00:00.000Z', data: { amount: 6 } },
  ...BANK_EVENTS,
];

function eventlens(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: caches.path } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Neither stream holds a raw ESC, BEL, override or separator: only our own newlines and tabs are raw. */
function expectInert(run: { stdout: string; stderr: string }): void {
  for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    expect(text, name).not.toMatch(/[\x1b\x07\u202e\u2028]/u);
    expect(unsafeIn(text, ['\n', '\t']), name).toEqual([]);
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build:node" first (npm test builds).`);
  writeNdjson(journal, hostileEvents);
  writeNdjson(changed, [
    ...hostileEvents.map((event, at) => (at === 1 ? { ...event, data: { amount: 5, [`memo${HOSTILE}`]: 'x' } } : event)),
    { stream: `new${HOSTILE}`, version: 1, type: 'x', time: '2026-01-09T09:00:00.000Z', data: {} },
  ]);
  writeFileSync(notJournal, `hello ${CLEAR_SCREEN} world\n`);
});
afterAll(() => {
  folder.remove();
  caches.remove();
});

describe('eventlens on a hostile journal', () => {
  it('info shows the file name as text', () => {
    const run = eventlens('info', journal);
    expect(run.code).toBe(0);
    expectInert(run);
    expect(run.stdout.split('\n')[0]).toBe(terminalText(journal));
    expect(run.stdout).toContain(SHOWN_TITLE);
  });

  it('streams keeps one row of four fields per stream, whatever the name holds', () => {
    const run = eventlens('streams', journal);
    expect(run.code).toBe(0);
    expectInert(run);
    const row = run.stdout.split('\n').find((line) => line.startsWith('account\\u{9}'))!;
    expect(row.split('\t')).toEqual([terminalText(stream), '3', '1..3', '2026-01-05T11:00:00.000Z']);
    expect(readBack(row.split('\t')[0]!)).toBe(stream);
  });

  it('events (NDJSON, with --raw) escapes for the terminal and still parses back to the journal\'s strings', () => {
    for (const run of [eventlens('events', journal), eventlens('events', journal, '--raw')]) {
      expect(run.code).toBe(0);
      expectInert(run);
      const first = JSON.parse(run.stdout.split('\n')[0]!) as { stream: string; type: string; data: Record<string, unknown> };
      expect(first.stream).toBe(stream);
      expect(first.type).toBe(`opened${HOSTILE}`);
      expect(first.data).toEqual(hostileEvents[0]!.data);
    }
  });

  it('--json output stays JSON of the same strings', () => {
    const streams = eventlens('streams', journal, '--json');
    expectInert(streams);
    expect((JSON.parse(streams.stdout) as { stream: string }[]).map((s) => s.stream)).toContain(stream);
    const replay = eventlens('replay', journal, '--stream', stream, '--to', '1', '--json');
    expectInert(replay);
    expect(JSON.parse(replay.stdout).state).toEqual(hostileEvents[0]!.data);
  });

  it('audit shows findings that quote the stream as text, in text and JSON', () => {
    const run = eventlens('audit', journal);
    expect(run.code).toBe(1);
    expectInert(run);
    expect(run.stdout).toContain('\\u{202e}');
    expect(run.stdout).toMatch(/^error\tversion-gap\t.*\\u\{202e\}/m);
    const json = eventlens('audit', journal, '--json');
    expectInert(json);
    expect((JSON.parse(json.stdout) as { findings: { stream: string }[] }).findings.some((finding) => finding.stream === stream)).toBe(true);
  });

  it('diff and rates show names and changed paths as text', () => {
    const diff = eventlens('diff', journal, changed);
    expect(diff.code).toBe(1);
    expectInert(diff);
    expect(diff.stdout).toContain(`streams only in B: new${terminalText(HOSTILE)}`);
    expect(diff.stdout).toContain(terminalText(`/memo${HOSTILE}`));
    const rates = eventlens('rates', journal);
    expect(rates.code).toBe(0);
    expectInert(rates);
  });
});

describe('error messages on stderr', () => {
  it.each([
    ['a file that is not a journal, named with escape sequences', ['info', notJournal]],
    ['a missing file named with escape sequences', ['info', join(folder.path, `missing${HOSTILE}.ndjson`)]],
    ['an unknown stream named with escape sequences', ['events', journal, '--stream', `ghost${HOSTILE}`]],
    ['a bad option value with escape sequences', ['rates', journal, '--bucket', HOSTILE]],
  ])('%s: one line, the sequences shown as text', (_, args) => {
    const run = eventlens(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expectInert(run);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('\\u{202e}');
  });

  it('shows the file name of a non-journal readably', () => {
    const run = eventlens('info', notJournal);
    expect(run.stderr).toContain(terminalText(`notes${HOSTILE}.txt`));
    expect(run.stderr).toContain(SHOWN_TITLE);
  });
});
