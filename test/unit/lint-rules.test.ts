// The ESLint security rules bite: every banned pattern is reported in the renderer, the shell and shared/, with a
// message that says what to use instead, while the few exempt places stay exempt for their one ban only.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.js') });
});

interface Problem {
  rule: string | null;
  message: string;
  line: number;
}

async function problems(code: string, file: string): Promise<Problem[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file), warnIgnored: true });
  expect(result, file).toBeDefined();
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message, line: m.line }));
}

/** Problems other than ours would mean the snippet did not parse or the file is ignored: fail on those. */
async function errors(code: string, file: string): Promise<Problem[]> {
  const found = await problems(code, file);
  for (const problem of found) expect(problem.rule, `${file}: ${problem.message}`).not.toBeNull();
  return found;
}

const TS_FILES = ['renderer/lib/probe.ts', 'electron/shell/probe.ts', 'shared/probe.ts'];

// [what, code, the rule, a word of the advice the message gives]
const BANNED: [string, string, string, RegExp][] = [
  ['shell.openExternal', "import { shell } from 'electron';\nshell.openExternal(url);", 'no-restricted-syntax', /security\.ts/],
  ['openExternal taken by destructuring', "const { openExternal } = electron.shell;\nvoid openExternal;", 'no-restricted-syntax', /security\.ts/],
  ['eval', "eval('1 + 1');", 'no-restricted-syntax', /JSON\.parse/],
  ['indirect eval', "(0, eval)('1 + 1');", 'no-restricted-syntax', /JSON\.parse/],
  ['globalThis.eval', "globalThis.eval('1 + 1');", 'no-restricted-syntax', /JSON\.parse/],
  ['new Function', "const f = new Function('a', 'return a');\nvoid f;", 'no-restricted-syntax', /arrow function/],
  ['Function()', "const f = Function('return this');\nvoid f;", 'no-restricted-syntax', /arrow function/],
  ['setTimeout with a string', "setTimeout('tick()', 10);", 'no-restricted-syntax', /Pass a function/],
  ['setInterval with a template', 'setInterval(`tick(${n})`, 10);', 'no-restricted-syntax', /Pass a function/],
  ['window.setTimeout with a concatenation', "window.setTimeout('go(' + id + ')', 10);", 'no-restricted-syntax', /Pass a function/],
  ['innerHTML', 'element.innerHTML = journalText;', 'no-restricted-syntax', /textContent/],
  ['outerHTML', "element['outerHTML'] = journalText;", 'no-restricted-syntax', /textContent/],
  ['insertAdjacentHTML', "element.insertAdjacentHTML('beforeend', journalText);", 'no-restricted-syntax', /insertAdjacentText/],
  ['document.write', 'document.write(journalText);', 'no-restricted-syntax', /textContent/],
  ['window.document.writeln', 'window.document.writeln(journalText);', 'no-restricted-syntax', /textContent/],
  ['srcdoc assignment', 'frame.srcdoc = reportHtml;', 'no-restricted-syntax', /as text/],
  ['srcdoc attribute', "frame.setAttribute('srcdoc', reportHtml);", 'no-restricted-syntax', /as text/],
  ...(
    [
      ['nodeIntegration', 'true'],
      ['nodeIntegrationInWorker', 'true'],
      ['contextIsolation', 'false'],
      ['sandbox', 'false'],
      ['webSecurity', 'false'],
      ['allowRunningInsecureContent', 'true'],
      ['experimentalFeatures', 'true'],
      ['webviewTag', 'true'],
      ['enableBlinkFeatures', "'CSSPseudoHas'"],
    ] as const
  ).map(([key, value]): [string, string, string, RegExp] => [
    `${key}: ${value}`,
    `const options = { webPreferences: { preload, ${key}: ${value} } };\nvoid options;`,
    'no-restricted-syntax',
    /hardenedWindowOptions\(\)/,
  ]),
  ['a webPreference from a variable', 'new BrowserWindow({ webPreferences: { sandbox: isSafe } });', 'no-restricted-syntax', /literal true/],
  ["a quoted 'webSecurity' key outside webPreferences", "const prefs = { 'webSecurity': false };\nvoid prefs;", 'no-restricted-syntax', /window\.ts/],
  ['child_process', "import { spawn } from 'node:child_process';\nvoid spawn;", 'no-restricted-imports', /starts no processes/],
  ['child_process by require', "const cp = require('child_process');\nvoid cp;", 'no-restricted-syntax', /starts no processes/],
  ['vm', "import vm from 'node:vm';\nvoid vm;", 'no-restricted-imports', /reducer-sandbox\.ts/],
  ['vm by dynamic import', "const vm = await import('vm');\nvoid vm;", 'no-restricted-syntax', /reducer-sandbox\.ts/],
];

describe('banned everywhere', () => {
  for (const file of TS_FILES) {
    it.each(BANNED)(`${file}: %s`, async (_what, code, rule, advice) => {
      const found = await errors(code, file);
      expect(found.filter((p) => p.rule === rule).map((p) => p.message)).toContainEqual(expect.stringMatching(advice));
    });
  }

  it('reports the line of the offence, as an error', async () => {
    const code = "const a = 1;\nconst b = 2;\nelement.innerHTML = String(a + b);";
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'renderer/lib/probe.ts') });
    expect(result!.errorCount).toBe(1);
    expect(result!.messages[0]).toMatchObject({ line: 3, severity: 2 });
  });
});

describe('Svelte templates in renderer/', () => {
  const file = 'renderer/components/Probe.svelte';
  const component = (markup: string) => `<script lang="ts">\n  let text = $state('');\n</script>\n\n${markup}\n`;

  it.each([
    ['{@html}', '<p>{@html text}</p>', 'svelte/no-at-html-tags', /./],
    ['bind:innerHTML', '<div contenteditable="true" bind:innerHTML={text}></div>', 'no-restricted-syntax', /bind:textContent/],
    ['an srcdoc attribute', '<iframe title="report" srcdoc={text}></iframe>', 'no-restricted-syntax', /as text/],
    ['target=_blank without rel', '<a href="https://eventlens.invalid" target="_blank">docs</a>', 'svelte/no-target-blank', /./],
  ])('%s is an error', async (_what, markup, rule, advice) => {
    const found = await errors(component(markup), file);
    expect(found.filter((p) => p.rule === rule).map((p) => p.message)).toContainEqual(expect.stringMatching(advice));
  });

  it('script code in a component is checked too', async () => {
    const code = '<script lang="ts">\n  let node: HTMLElement;\n  $effect(() => { node.innerHTML = "x"; });\n</script>\n\n<div bind:this={node}></div>\n';
    expect((await errors(code, file)).map((p) => p.rule)).toEqual(['no-restricted-syntax']);
  });

  it('escaped text, bind:textContent and a safe link pass', async () => {
    const markup = '<p>{text}</p>\n<div contenteditable="true" bind:textContent={text}></div>\n<a href="https://eventlens.invalid" target="_blank" rel="noopener noreferrer">docs</a>';
    expect(await errors(component(markup), file)).toEqual([]);
  });
});

describe('renderer/ and shared/ reach neither Node nor Electron', () => {
  const IMPORTS: [string, string][] = [
    ['a node: built-in', "import { readFileSync } from 'node:fs';\nvoid readFileSync;"],
    ['a bare built-in', "import { join } from 'path';\nvoid join;"],
    ['a built-in subpath', "import { readFile } from 'fs/promises';\nvoid readFile;"],
    ['electron', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['electron types', "import type { WebContents } from 'electron';\nexport type W = WebContents;"],
    ['main-process code', "import { JournalService } from '../../electron/service/journal-service.js';\nvoid JournalService;"],
    ['a re-export of a built-in', "export { createHash } from 'node:crypto';"],
    ['a dynamic import of a built-in', "const os = await import('os');\nvoid os;"],
    ['a dynamic import of electron', "const e = await import('electron');\nvoid e;"],
    ['require', "const fs = require('fs');\nvoid fs;"],
  ];

  for (const file of ['renderer/lib/probe.ts', 'renderer/components/Probe.svelte', 'shared/probe.ts']) {
    it.each(IMPORTS)(`${file}: %s`, async (_what, code) => {
      const source = file.endsWith('.svelte') ? `<script lang="ts">\n${code}\n</script>\n` : code;
      const found = await errors(source, file);
      expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
      expect(found.every((p) => p.rule === 'no-restricted-imports' || p.rule === 'no-restricted-syntax')).toBe(true);
      expect(found.map((p) => p.message).join('\n')).toMatch(/contract/);
    });
  }

  it('the main process may use Node and Electron', async () => {
    for (const [, code] of IMPORTS.filter(([what]) => !what.startsWith('main-process') && what !== 'require')) {
      expect(await errors(code, 'electron/service/probe.ts')).toEqual([]);
    }
  });

  it('the page may import shared/, svelte and chart.js', async () => {
    const code = "import { mount } from 'svelte';\nimport { Chart } from 'chart.js';\nimport { diff } from '../../shared/diff.js';\nvoid [mount, Chart, diff];";
    expect(await errors(code, 'renderer/lib/probe.ts')).toEqual([]);
  });
});

describe('ordinary code passes', () => {
  const SAFE = [
    'setTimeout(() => tick(), 10);\nsetInterval(tick, 1000);\nwindow.setTimeout(tick, 5);',
    "test.setTimeout(120_000);",
    'element.textContent = journalText;\nelement.insertAdjacentText("beforeend", journalText);',
    'const state = JSON.parse(text);\nvoid state;',
    'const preferences = { webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false } };\nvoid preferences;',
    'const reducer = { eval: 1, evaluate() { return this.eval; } };\nvoid reducer;',
    'stream.write(chunk);',
  ];
  for (const file of TS_FILES) {
    it.each(SAFE)(`${file}: %s`, async (code) => {
      expect(await errors(code, file)).toEqual([]);
    });
  }
});

describe('the exempt places', () => {
  const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

  it('the project itself lints clean where the exceptions are', async () => {
    const files = ['electron/shell/security.ts', 'electron/reducers/reducer-sandbox.ts', 'electron/shell/window.ts', 'test/support/reducers/hostile.mjs'];
    const results = await eslint.lintFiles(files.map((file) => join(ROOT, file)));
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.message}`))).toEqual([]);
  });

  it('shell.openExternal: only electron/shell/security.ts', async () => {
    const code = "import { shell } from 'electron';\nvoid shell.openExternal('https://eventlens.invalid');";
    expect(await errors(code, 'electron/shell/security.ts')).toEqual([]);
    // The exemption is the file, not the folder, and covers nothing else.
    expect(await errors(read('electron/shell/security.ts'), 'electron/shell/window.ts')).not.toEqual([]);
    expect(await errors(`${code}\neval('1');`, 'electron/shell/security.ts')).toHaveLength(1);
  });

  it('node:vm: only electron/reducers/reducer-sandbox.ts', async () => {
    expect(await errors(read('electron/reducers/reducer-sandbox.ts'), 'electron/reducers/reducer-worker.ts')).not.toEqual([]);
    expect(await errors("import vm from 'node:vm';\nvoid vm;", 'electron/reducers/custom-reducer.ts')).not.toEqual([]);
    expect(await errors("import vm from 'node:vm';\neval('1');\nvoid vm;", 'electron/reducers/reducer-sandbox.ts')).toHaveLength(1);
  });

  it('child_process: tests and the killable copy of a hostile SQLite file only, never the CLI or the service', async () => {
    const code = "import { spawnSync } from 'node:child_process';\nvoid spawnSync;";
    expect(await errors(code, 'test/unit/probe.test.ts')).toEqual([]);
    expect(await errors(code, 'electron/store/plain-copy.ts')).toEqual([]);
    expect(await errors(code, 'electron/store/probe.ts')).not.toEqual([]);
    expect(await errors(code, 'electron/cli/probe.ts')).not.toEqual([]);
    expect(await errors(code, 'electron/service/probe.ts')).not.toEqual([]);
  });

  it('eval: only the hostile reducer fixture, which proves the sandbox refuses it', async () => {
    expect(await errors("eval('1 + 1');", 'test/support/reducers/hostile.mjs')).toEqual([]);
    expect(await errors("eval('1 + 1');", 'test/support/reducers/ledger.mjs')).not.toEqual([]);
    expect(await errors("eval('1 + 1');", 'test/unit/probe.test.ts')).not.toEqual([]);
  });

  it('a weakened window.ts fails: the webPreferences bans hold where the window is made', async () => {
    const window = read('electron/shell/window.ts');
    expect(await errors(window, 'electron/shell/window.ts')).toEqual([]);
    for (const [safe, unsafe] of [
      ['sandbox: true', 'sandbox: false'],
      ['contextIsolation: true', 'contextIsolation: false'],
      ['nodeIntegration: false', 'nodeIntegration: true'],
      ['webSecurity: true', 'webSecurity: process.env.DEV !== "1"'],
    ] as const) {
      expect(window, safe).toContain(safe);
      const found = await errors(window.replace(safe, unsafe), 'electron/shell/window.ts');
      expect(found.map((p) => p.rule), unsafe).toEqual(['no-restricted-syntax']);
    }
  });
});
