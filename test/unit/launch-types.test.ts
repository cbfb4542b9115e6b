// The launcher (tools/*.mjs) is plain JavaScript so that `npm start` needs no build before it can build; its JSDoc
// types are checked by tools/tsconfig.json, which also writes the declarations (tools/*.d.mts) through which the tests
// and `tsc -p tsconfig.json` see it. Checked here: the JSDoc types hold, the declarations are the current ones, and
// the launcher's one lint exemption (it starts processes) loosens nothing else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

const PROJECT = join(import.meta.dirname, '../..');
const TOOLS = join(PROJECT, 'tools');
const REGENERATE = 'rm tools/*.d.mts && npx tsc -p tools/tsconfig.json';

it('type-checks the launcher, and its declarations are current', { timeout: 60_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'eventlens-launch-types-'));
  try {
    const tsc = join(PROJECT, 'node_modules/typescript/bin/tsc');
    // Throws with tsc's errors in the message when a JSDoc type does not hold.
    execFileSync(process.execPath, [tsc, '-p', join(TOOLS, 'tsconfig.json'), '--outDir', out], { encoding: 'utf8' });
    const modules = readdirSync(TOOLS).filter((name) => name.endsWith('.mjs'));
    expect(readdirSync(TOOLS).filter((name) => name.endsWith('.d.mts')).sort(), `one declaration per module: ${REGENERATE}`).toEqual(
      modules.map((name) => name.replace(/\.mjs$/, '.d.mts')).sort(),
    );
    for (const name of modules) {
      const declaration = name.replace(/\.mjs$/, '.d.mts');
      expect(readFileSync(join(TOOLS, declaration), 'utf8'), `tools/${declaration} is out of date: ${REGENERATE}`).toBe(
        readFileSync(join(out, declaration), 'utf8'),
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it('may start processes in tools/, and only that: the other bans hold there, and nowhere else is loosened', async () => {
  const eslint = new ESLint({ cwd: PROJECT, overrideConfigFile: join(PROJECT, 'eslint.config.js') });
  const rules = async (code: string, file: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(PROJECT, file), warnIgnored: true });
    return result!.messages.map((message) => message.ruleId);
  };
  const spawns = "import { spawn } from 'node:child_process';\nvoid spawn;\n";
  expect(await rules(spawns, 'tools/probe.mjs')).toEqual([]);
  expect(await rules(`${spawns}eval('1');\n`, 'tools/probe.mjs')).toEqual(['no-restricted-syntax']);
  expect(await rules("import vm from 'node:vm';\nvoid vm;\n", 'tools/probe.mjs')).toEqual(['no-restricted-imports']);
  expect(await rules(spawns, 'electron/cli/probe.ts')).toEqual(['no-restricted-imports']);
  expect(await rules(spawns, 'tool/probe.mjs')).toEqual(['no-restricted-imports']);
});
