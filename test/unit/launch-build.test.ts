// The incremental build behind `npm start` and `npm run serve` (tools/build-changed.mjs): a step runs when what it
// reads changed since it last succeeded or what it leaves behind is missing, and only then. The steps here write
// files of a scratch project through a fake runner; the real steps' table is checked against package.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChanged } from '../../tools/build-changed.mjs';
import type { BuildStep } from '../../tools/build-steps.mjs';
import { buildSteps } from '../../tools/build-steps.mjs';
import { inputFiles } from '../../tools/content-hash.mjs';

const PROJECT = join(import.meta.dirname, '../..');

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

/** Two independent steps and one that reads what the first wrote, like tsc → write-sample. */
function scratchSteps(): BuildStep[] {
  return [
    { name: 'compile', label: 'compiling', command: 'compile', inputs: ['src', 'config*.json'], outputs: () => ['out/compiled.txt'] },
    { name: 'page', label: 'building the page', command: 'page', inputs: ['page'], outputs: () => ['out/page.html'] },
    { name: 'sample', label: 'writing the sample', command: 'sample', inputs: ['out/compiled.txt'], outputs: () => ['out/sample.txt'] },
  ];
}

/** A runner that does what each step would: writes its output from its inputs; `failing` names steps that fail. */
function fakeRunner(failing = new Set<string>()) {
  const ran: string[] = [];
  const runStep = async (step: BuildStep) => {
    ran.push(step.name);
    if (failing.has(step.name)) return false;
    const read = inputFiles(root, step.inputs ?? []).map((file) => `${file}: ${readFileSync(join(root, file), 'utf8')}`);
    write(step.outputs([])[0]!, read.join('\n'));
    return true;
  };
  return { ran, runStep };
}

async function build(failing?: Set<string>, steps = scratchSteps()) {
  const runner = fakeRunner(failing);
  const lines: string[] = [];
  const outcome = await buildChanged({ root, steps, runStep: runner.runStep, log: (line) => lines.push(line) });
  return { ...outcome, calls: runner.ran, lines };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'eventlens-launch-build-'));
  write('src/a.ts', 'export const a = 1;\n');
  write('src/deep/b.ts', 'export const b = 2;\n');
  write('config.json', '{}');
  write('page/index.svelte', '<p>hi</p>');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('which steps run', () => {
  it('runs every step the first time, then none while nothing changed', async () => {
    expect((await build()).calls).toEqual(['compile', 'page', 'sample']);
    const again = await build();
    expect(again.calls).toEqual([]);
    expect(again.skipped).toEqual(['compile', 'page', 'sample']);
    expect(again.lines).toEqual([]);
  });

  it('runs the step one changed input byte belongs to, and the step that reads its output', async () => {
    await build();
    write('src/deep/b.ts', 'export const b = 3;\n');
    const again = await build();
    // The compile wrote a different output, so the sample that reads it is rebuilt too.
    expect(again.calls).toEqual(['compile', 'sample']);
    expect(again.lines[0]).toBe('eventlens: compiling (its inputs changed)…');
  });

  it('skips a step whose inputs were rewritten with the same bytes (content, not modification times)', async () => {
    await build();
    write('src/a.ts', 'export const a = 1;\n');
    expect((await build()).calls).toEqual([]);
  });

  it('notices an added, a removed and a renamed input file, and a file matching a name pattern', async () => {
    await build();
    write('src/c.ts', '');
    expect((await build()).calls).toEqual(['compile', 'sample']);
    rmSync(join(root, 'src/c.ts'));
    expect((await build()).calls).toEqual(['compile', 'sample']);
    write('src/renamed.ts', readFileSync(join(root, 'src/a.ts'), 'utf8'));
    rmSync(join(root, 'src/a.ts'));
    expect((await build()).calls).toEqual(['compile', 'sample']);
    write('config.build.json', '{}');
    expect((await build()).calls).toEqual(['compile', 'sample']);
  });

  it('runs a step whose output is missing', async () => {
    await build();
    rmSync(join(root, 'out/page.html'));
    const again = await build();
    expect(again.calls).toEqual(['page']);
    expect(again.lines).toEqual(['eventlens: building the page (out/page.html is missing)…']);
  });

  it('runs a step whose command changed', async () => {
    await build();
    const steps = scratchSteps();
    steps[1]!.command = 'page --minify';
    expect((await build(undefined, steps)).calls).toEqual(['page']);
  });

  it('always runs a step whose inputs are not known', async () => {
    const steps: BuildStep[] = [{ name: 'step-1', label: 'running x', command: 'x', inputs: null, outputs: () => ['out/x'] }];
    expect((await build(undefined, steps)).calls).toEqual(['step-1']);
    expect((await build(undefined, steps)).calls).toEqual(['step-1']);
  });
});

describe('a step that fails', () => {
  it('leaves no stamp, stops the build, and runs again next time', async () => {
    const failed = await build(new Set(['page']));
    expect(failed).toMatchObject({ ok: false, failed: 'page', calls: ['compile', 'page'] });
    expect(existsSync(join(root, 'dist/.build-stamps/compile.json'))).toBe(true);
    expect(existsSync(join(root, 'dist/.build-stamps/page.json'))).toBe(false);
    expect((await build()).calls).toEqual(['page', 'sample']);
  });

  it('loses the stamp of its last success: a step that fails after its inputs changed runs again even if they change back', async () => {
    await build();
    write('page/index.svelte', '<p>broken');
    await build(new Set(['page']));
    write('page/index.svelte', '<p>hi</p>');
    expect((await build()).calls).toEqual(['page']);
  });
});

describe("package.json's build", () => {
  const steps = buildSteps(PROJECT);

  it('is described step by step: every part of it is a known step, in its order, with its command', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(steps.map((step) => step.name)).toEqual(['node', 'cli', 'preload', 'renderer', 'sample']);
    expect(steps.map((step) => step.command)).toEqual([
      pkg.scripts['build:node'],
      pkg.scripts['build:cli'],
      pkg.scripts['build:preload'],
      pkg.scripts['build:renderer'],
      'node dist/electron/sample/write-sample.js',
    ]);
    expect(steps.every((step) => step.inputs !== null && step.inputs.includes('package-lock.json') === (step.name !== 'sample'))).toBe(true);
  });

  it('expects one .js per compiled .ts from tsc, not for the preload or a declaration file', () => {
    const node = steps[0]!;
    expect(node.outputs(['electron/main.ts', 'electron/preload.ts', 'shared/x.d.ts', 'shared/model.ts', 'tsconfig.json'])).toEqual([
      'dist/electron/main.js',
      'dist/shared/model.js',
    ]);
  });

  it('runs a part it does not know every time', () => {
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ scripts: { build: 'npm run build:node && node tools/extra.js', 'build:node': 'tsc' } }),
    );
    expect(buildSteps(root).map(({ name, command, inputs }) => ({ name, command, inputs }))).toEqual([
      { name: 'node', command: 'tsc', inputs: expect.any(Array) },
      { name: 'step-2', command: 'node tools/extra.js', inputs: null },
    ]);
  });
});
