// The import direction, enforced: shared/ is pure, the renderer sees only shared/, the preload only the contract.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const IMPORT = /(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(file: string, { runtimeOnly = false } = {}): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)]
    .filter((m) => !runtimeOnly || !/^(import|export)\s+type\s/.test(m[0]))
    .map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Project-relative path of a relative import, with the .js extension mapped back to its .ts source. */
function target(file: string, specifier: string): string {
  return relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '.ts');
}

function violations(folder: string, allowed: (specifier: string, resolved: string | null) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .filter((spec) => !allowed(spec, spec.startsWith('.') ? target(file, spec) : null))
      .map((spec) => `${file} imports ${spec}`),
  );
}

describe('layering', () => {
  it('finds the imports it checks', () => {
    expect(importsOf('shared/replay.ts')).toContain('./diff.js');
    expect(sourceFiles('renderer').length).toBeGreaterThan(3);
  });

  it('shared/ imports only shared/ and pure libraries, nothing of Node, the DOM or Electron', () => {
    expect(violations('shared', (spec, resolved) => (resolved ? resolved.startsWith('shared/') : ['zod', 'jsondiffpatch', 'fast-json-patch'].includes(spec)))).toEqual([]);
    const code = (file: string) => readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const globals = sourceFiles('shared').filter((file) => /\b(window|document|process|Buffer|require|localStorage|navigator)\s*[.(]/.test(code(file)));
    expect(globals).toEqual([]);
  });

  it('renderer/ imports only renderer/, shared/ and UI libraries', () => {
    const packages = /^(svelte(\/.*)?|chart\.js(\/.*)?)$/;
    expect(
      violations('renderer', (spec, resolved) => (resolved ? resolved.startsWith('renderer/') || resolved.startsWith('shared/') : packages.test(spec))),
    ).toEqual([]);
  });

  it('electron/ never imports the renderer', () => {
    expect(violations('electron', (_spec, resolved) => !resolved?.startsWith('renderer/'))).toEqual([]);
  });

  // Type-only imports vanish from the bundle; what the sandboxed preload runs is what matters.
  it('the preload reaches only electron and the contract', () => {
    const allowedShared = new Set(['shared/contract.ts', 'shared/bridge.ts', 'shared/model.ts', 'shared/audit.ts']);
    const seen = new Set<string>();
    const queue = ['electron/preload.ts'];
    const problems: string[] = [];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file, { runtimeOnly: true })) {
        if (!spec.startsWith('.')) {
          if (spec !== 'electron') problems.push(`${file} imports ${spec}`);
          continue;
        }
        const next = target(file, spec);
        if (next.startsWith('shared/') && !allowedShared.has(next)) problems.push(`${file} imports ${next}`);
        else if (!next.startsWith('shared/') && !/^electron\/(shell\/)?preload[\w-]*\.ts$/.test(next)) problems.push(`${file} imports ${next}`);
        else queue.push(next);
      }
    }
    expect(problems).toEqual([]);
    expect(seen.has('shared/contract.ts') || seen.has('shared/bridge.ts')).toBe(true);
  });
});
