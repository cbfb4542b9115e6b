// `npm start` (tools/start-desktop.mjs): the decisions between a fresh `npm install` and a running Electron, with the
// download, compile and spawn steps replaced by fakes in a scratch project; then the Electron-binding step for real
// on this machine, where GitHub and electronjs.org are out of reach, and Electron's spawn with a stand-in executable.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Mock } from 'vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronPackage } from '../../tools/electron-binary.mjs';
import type { SqliteBuildRequest } from '../../tools/electron-sqlite.mjs';
import { electronSqliteFolder, ensureElectronSqlite } from '../../tools/electron-sqlite.mjs';
import { failureReason, runChild } from '../../tools/child-run.mjs';
import { compileFromSource, fetchPrebuilt } from '../../tools/sqlite-builders.mjs';
import type { DesktopLaunch } from '../../tools/start-desktop.mjs';
import { spawnElectron, startDesktop } from '../../tools/start-desktop.mjs';

const PROJECT = join(import.meta.dirname, '../..');
const NODE_BUILD = 'better-sqlite3 built for Node';

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

/** A project as `npm install` leaves it: electron without its binary, better-sqlite3 with its Node build. */
function scratchProject(electronVersion = '45.5.0') {
  root = mkdtempSync(join(tmpdir(), 'eventlens-launch-'));
  write('node_modules/electron/package.json', JSON.stringify({ name: 'electron', version: electronVersion }));
  write('node_modules/electron/abi_version', '150');
  write('node_modules/better-sqlite3/package.json', JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
  write('node_modules/better-sqlite3/binding.gyp', '{}');
  write('node_modules/better-sqlite3/src/better_sqlite3.cpp', '');
  write('node_modules/better-sqlite3/build/Release/better_sqlite3.node', NODE_BUILD);
}

const placeElectronBinary = () => {
  write('node_modules/electron/path.txt', 'electron');
  write('node_modules/electron/dist/electron', '#!/bin/sh\n');
};

/** A builder that leaves an addon where the real tools do, recording what it was asked. */
function builder(result: { ok: true } | { ok: false; reason: string }, content = 'electron build') {
  const requests: SqliteBuildRequest[] = [];
  const fn = vi.fn(async (request: SqliteBuildRequest) => {
    requests.push(request);
    // The copy it works in never holds the Node build.
    expect(existsSync(join(request.packageDir, 'build'))).toBe(false);
    if (result.ok) {
      mkdirSync(join(request.packageDir, 'build', 'Release'), { recursive: true });
      writeFileSync(join(request.packageDir, 'build', 'Release', 'better_sqlite3.node'), content);
    }
    return result;
  });
  return Object.assign(fn, { requests });
}

const OFFLINE = { ok: false as const, reason: 'getaddrinfo ENOTFOUND github.com' };

/** The steps a launch is handed, as fakes whose calls the tests read. */
interface Fakes {
  build: Mock<DesktopLaunch['build']>;
  installElectron: Mock<DesktopLaunch['installElectron']>;
  fetchPrebuilt: ReturnType<typeof builder>;
  compileFromSource: ReturnType<typeof builder>;
  spawnElectron: Mock<DesktopLaunch['spawnElectron']>;
}

function launch(overrides: Partial<Omit<DesktopLaunch, keyof Fakes>> & Partial<Fakes> = {}) {
  const lines: string[] = [];
  const failures: string[] = [];
  const options: Omit<DesktopLaunch, keyof Fakes> & Fakes = {
    root,
    args: [],
    cwd: '/home/user/journals',
    env: {},
    platform: 'linux',
    arch: 'x64',
    build: vi.fn<DesktopLaunch['build']>(async () => true),
    installElectron: vi.fn<DesktopLaunch['installElectron']>(async () => OFFLINE),
    fetchPrebuilt: builder({ ok: true }),
    compileFromSource: builder({ ok: true }),
    spawnElectron: vi.fn<DesktopLaunch['spawnElectron']>(async () => 0),
    log: (line: string) => lines.push(line),
    fail: (line: string) => failures.push(line),
    ...overrides,
  };
  return { options, lines, failures, run: () => startDesktop(options) };
}

const cacheFolder = (electronVersion = '45.5.0') =>
  electronSqliteFolder(join(root, 'node_modules/.cache/eventlens/electron-sqlite'), {
    electronVersion,
    abi: '150',
    platform: 'linux',
    arch: 'x64',
    betterSqlite3Version: '12.11.1',
  });

/** One line of plain text: no newline, no control character. */
const expectOneInertLine = (line: string) => expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);

beforeEach(() => scratchProject());
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the Electron build of better-sqlite3', () => {
  it('is used as it is when already built: nothing is fetched or compiled', async () => {
    placeElectronBinary();
    mkdirSync(cacheFolder(), { recursive: true });
    writeFileSync(join(cacheFolder(), 'better_sqlite3.node'), 'built before');
    const { options, lines, run } = launch();
    expect(await run()).toBe(0);
    expect(options.fetchPrebuilt).not.toHaveBeenCalled();
    expect(options.compileFromSource).not.toHaveBeenCalled();
    expect(options.spawnElectron).toHaveBeenCalledWith(join(root, 'node_modules/electron/dist/electron'), [root], {
      cwd: '/home/user/journals',
      env: { EVENTLENS_SQLITE_BINDING: join(cacheFolder(), 'better_sqlite3.node') },
    });
    expect(lines).toEqual(['eventlens: starting Electron 45.5.0…']);
  });

  it('is fetched prebuilt when missing, and then nothing is compiled', async () => {
    placeElectronBinary();
    const { options, lines, run } = launch();
    expect(await run()).toBe(0);
    expect(options.fetchPrebuilt.requests).toMatchObject([{ electronVersion: '45.5.0', platform: 'linux', arch: 'x64' }]);
    expect(options.compileFromSource).not.toHaveBeenCalled();
    expect(readFileSync(join(cacheFolder(), 'better_sqlite3.node'), 'utf8')).toBe('electron build');
    expect(JSON.parse(readFileSync(join(cacheFolder(), 'made-by.json'), 'utf8'))).toMatchObject({
      origin: 'prebuilt',
      electronVersion: '45.5.0',
      abi: '150',
      betterSqlite3Version: '12.11.1',
    });
    expect(lines[0]).toBe("eventlens: fetching better-sqlite3's prebuilt addon for Electron 45.5.0 (first start only)…");
    // No half-written file is left beside it.
    expect(readdirSync(cacheFolder()).sort()).toEqual(['better_sqlite3.node', 'made-by.json']);
  });

  it('is compiled when there is no prebuilt one', async () => {
    placeElectronBinary();
    const { options, lines, run } = launch({ fetchPrebuilt: builder(OFFLINE), compileFromSource: builder({ ok: true }, 'compiled') });
    expect(await run()).toBe(0);
    expect(options.compileFromSource).toHaveBeenCalledOnce();
    expect(readFileSync(join(cacheFolder(), 'better_sqlite3.node'), 'utf8')).toBe('compiled');
    expect(lines[1]).toContain('no prebuilt addon (getaddrinfo ENOTFOUND github.com); compiling better-sqlite3 for Electron 45.5.0');
  });

  it('when neither works: prebuilt tried, then compile, then one line that says both and the ways on, exit 1', async () => {
    placeElectronBinary();
    const fetch = builder(OFFLINE);
    const compile = builder({ ok: false, reason: "could not download Electron's headers" });
    const { options, failures, run } = launch({ fetchPrebuilt: fetch, compileFromSource: compile });
    expect(await run()).toBe(1);
    expect(fetch.mock.invocationCallOrder[0]).toBeLessThan(compile.mock.invocationCallOrder[0]!);
    expect(failures).toEqual([
      "eventlens: could not build better-sqlite3 for Electron 45.5.0 (prebuilt: getaddrinfo ENOTFOUND github.com; compiling: could not download Electron's headers). " +
        'The browser host needs no Electron: npm run serve. Or set EVENTLENS_SQLITE_BINDING to a better_sqlite3.node built for Electron 45.5.0 (ABI 150).',
    ]);
    expect(options.spawnElectron).not.toHaveBeenCalled();
    expect(existsSync(cacheFolder())).toBe(false);
  });

  it('is kept per Electron version: another version gets another folder and a build of its own', async () => {
    placeElectronBinary();
    const first = launch();
    await first.run();
    scratchProjectKeepingCache('45.6.0');
    const second = launch();
    expect(await second.run()).toBe(0);
    expect(second.options.fetchPrebuilt.requests).toMatchObject([{ electronVersion: '45.6.0' }]);
    expect(cacheFolder('45.6.0')).not.toBe(cacheFolder('45.5.0'));
    expect(existsSync(join(cacheFolder('45.6.0'), 'better_sqlite3.node'))).toBe(true);
    expect(second.options.spawnElectron.mock.calls[0]![2].env).toEqual({
      EVENTLENS_SQLITE_BINDING: join(cacheFolder('45.6.0'), 'better_sqlite3.node'),
    });
  });

  it('never lands in node_modules/better-sqlite3/build, which keeps the Node build', async () => {
    placeElectronBinary();
    const before = readdirSync(join(root, 'node_modules/better-sqlite3'), { recursive: true }).sort();
    const { options, run } = launch({ fetchPrebuilt: builder(OFFLINE) });
    await run();
    const workedIn = options.compileFromSource.requests[0]!.packageDir;
    expect(workedIn.startsWith(join(root, 'node_modules'))).toBe(false);
    expect(readFileSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8')).toBe(NODE_BUILD);
    expect(readdirSync(join(root, 'node_modules/better-sqlite3'), { recursive: true }).sort()).toEqual(before);
    // The throwaway copy is gone too.
    expect(existsSync(workedIn)).toBe(false);
  });

  it('is not built when EVENTLENS_SQLITE_BINDING names one', async () => {
    placeElectronBinary();
    write('mine/better_sqlite3.node', 'mine');
    const env = { EVENTLENS_SQLITE_BINDING: join(root, 'mine/better_sqlite3.node') };
    const { options, run } = launch({ env });
    expect(await run()).toBe(0);
    expect(options.fetchPrebuilt).not.toHaveBeenCalled();
    expect(options.compileFromSource).not.toHaveBeenCalled();
    expect(options.spawnElectron.mock.calls[0]![2].env).toEqual(env);
  });

  it('stops with one inert line when EVENTLENS_SQLITE_BINDING names no .node file', async () => {
    placeElectronBinary();
    const { options, failures, run } = launch({ env: { EVENTLENS_SQLITE_BINDING: '/nowhere/\u001b]0;pwned\u0007x.node' } });
    expect(await run()).toBe(1);
    expect(failures).toHaveLength(1);
    expectOneInertLine(failures[0]!);
    expect(failures[0]).toContain('EVENTLENS_SQLITE_BINDING=/nowhere/\\u{1b}]0;pwned\\u{7}x.node is not an existing .node file');
    expect(options.fetchPrebuilt).not.toHaveBeenCalled();
  });

  it("prints a tool's error output as one inert line", async () => {
    placeElectronBinary();
    const { failures, run } = launch({
      fetchPrebuilt: builder({ ok: false, reason: 'bad\u001b[2J\nsecond line\u202e' }),
      compileFromSource: builder({ ok: false, reason: 'x' }),
    });
    await run();
    expectOneInertLine(failures[0]!);
    expect(failures[0]).toContain('prebuilt: bad\\u{1b}[2J\\u{a}second line\\u{202e};');
  });
});

/** The same project with another electron version installed, the cache of the first kept. */
function scratchProjectKeepingCache(electronVersion: string) {
  write('node_modules/electron/package.json', JSON.stringify({ name: 'electron', version: electronVersion }));
}

describe('the Electron binary', () => {
  it('is downloaded when missing; a failed download is one line naming it, exit 1, nothing else tried', async () => {
    const { options, failures, lines, run } = launch({
      installElectron: vi.fn<DesktopLaunch['installElectron']>(async () => ({ ok: false, reason: 'TypeError: fetch failed' })),
    });
    expect(await run()).toBe(1);
    expect(options.installElectron).toHaveBeenCalledWith(expect.objectContaining({ version: '45.5.0', abi: '150' }));
    expect(lines).toEqual(['eventlens: downloading Electron 45.5.0 from GitHub (first start only, about 100 MB)…']);
    expect(failures).toEqual([
      'eventlens: could not download Electron 45.5.0 (TypeError: fetch failed). The browser host needs no Electron: npm run serve. With an Electron build on disk, set ELECTRON_OVERRIDE_DIST_PATH=DIR.',
    ]);
    expect(options.fetchPrebuilt).not.toHaveBeenCalled();
    expect(options.spawnElectron).not.toHaveBeenCalled();
  });

  it('is used once downloaded', async () => {
    const installElectron = vi.fn<DesktopLaunch['installElectron']>(async () => {
      placeElectronBinary();
      return { ok: true };
    });
    const { options, run } = launch({ installElectron });
    expect(await run()).toBe(0);
    expect(options.spawnElectron.mock.calls[0]![0]).toBe(join(root, 'node_modules/electron/dist/electron'));
  });

  it('is taken from ELECTRON_OVERRIDE_DIST_PATH without a download; a folder without one is one line', async () => {
    write('electron-dist/electron', '#!/bin/sh\n');
    const found = launch({ env: { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'electron-dist') } });
    expect(await found.run()).toBe(0);
    expect(found.options.installElectron).not.toHaveBeenCalled();
    expect(found.options.spawnElectron.mock.calls[0]![0]).toBe(join(root, 'electron-dist/electron'));

    const missing = launch({ env: { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'empty') } });
    expect(await missing.run()).toBe(1);
    expect(missing.options.installElectron).not.toHaveBeenCalled();
    expect(missing.failures).toHaveLength(1);
    expect(missing.failures[0]).toMatch(/^eventlens: ELECTRON_OVERRIDE_DIST_PATH names no Electron executable/);
  });
});

describe('the launch', () => {
  it('passes the arguments after `npm start --` to the app unchanged, from the folder the user typed it in', async () => {
    placeElectronBinary();
    const { options, run } = launch({ args: ['journal.ndjson', '--', '-odd name.ndjson'], cwd: '/home/user/journals' });
    options.spawnElectron.mockResolvedValueOnce(3);
    expect(await run()).toBe(3);
    expect(options.spawnElectron.mock.calls[0]![1]).toEqual([root, 'journal.ndjson', '--', '-odd name.ndjson']);
    expect(options.spawnElectron.mock.calls[0]![2].cwd).toBe('/home/user/journals');
  });

  it('stops when the build fails, before any download', async () => {
    const { options, failures, run } = launch({ build: vi.fn<DesktopLaunch['build']>(async () => false) });
    expect(await run()).toBe(1);
    expect(options.installElectron).not.toHaveBeenCalled();
    expect(options.fetchPrebuilt).not.toHaveBeenCalled();
    expect(failures).toEqual([]);
  });

  it("returns Electron's exit code, and 128 + the signal's number when a signal ended it", async () => {
    const env = { PATH: process.env.PATH };
    expect(await spawnElectron(process.execPath, ['-e', 'process.exit(4)'], { cwd: tmpdir(), env })).toBe(4);
    expect(await spawnElectron(process.execPath, ['-e', "process.kill(process.pid, 'SIGTERM')"], { cwd: tmpdir(), env })).toBe(143);
  });
});

describe('on this machine, for real', () => {
  // prebuild-install and node-gyp as npm start runs them, with short time limits: offline they fail within seconds
  // (DNS answers at once); with a network the prebuilt download may succeed, and a compile is cut off by its limit.
  it('ends fast in the one-line message, or with an Electron build outside node_modules/better-sqlite3', { timeout: 60_000 }, async () => {
    const nodeBuild = join(PROJECT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const before = statSync(nodeBuild);
    const cacheRoot = join(root, 'electron-sqlite');
    const env = { ...process.env };
    delete env.EVENTLENS_SQLITE_BINDING;
    const lines: string[] = [];
    const started = Date.now();
    const result = await ensureElectronSqlite({
      root: PROJECT,
      cacheRoot,
      electron: electronPackage(PROJECT),
      platform: process.platform,
      arch: process.arch,
      env,
      log: (line) => lines.push(line),
      fetchPrebuilt: (request) => fetchPrebuilt(PROJECT, request, 20_000),
      compileFromSource: (request) => compileFromSource(PROJECT, request, 25_000),
    });
    expect(Date.now() - started).toBeLessThan(55_000);
    if (result.ok) {
      expect(result.path.startsWith(cacheRoot)).toBe(true);
      expect(existsSync(result.path)).toBe(true);
    } else {
      expectOneInertLine(result.line);
      expect(result.line).toMatch(/^eventlens: could not build better-sqlite3 for Electron \d+\.\d+\.\d+ \(prebuilt: .+; compiling: .+\)\. /);
      expect(result.line).toContain('npm run serve');
      expect(result.line).toContain('EVENTLENS_SQLITE_BINDING');
    }
    const after = statSync(nodeBuild);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  });

  it("runs prebuild-install for the Electron runtime in the copy it is handed, which gets the addon (a local prebuild: no network)", async () => {
    const electron = electronPackage(PROJECT);
    const copy = join(root, 'copy');
    mkdirSync(copy);
    const { version } = JSON.parse(readFileSync(join(PROJECT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string };
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version }));
    // prebuild-install looks in prebuilds/ for the file it would download: name, version, runtime, ABI, platform, arch.
    const staging = join(root, 'staging');
    mkdirSync(join(staging, 'build/Release'), { recursive: true });
    writeFileSync(join(staging, 'build/Release/better_sqlite3.node'), 'prebuilt for electron');
    mkdirSync(join(copy, 'prebuilds'));
    const tarball = `better-sqlite3-v${version}-electron-v${electron.abi}-${process.platform}-${process.arch}.tar.gz`;
    execFileSync('tar', ['-czf', join(copy, 'prebuilds', tarball), '-C', staging, 'build']);

    const request = { packageDir: copy, electronVersion: electron.version, platform: process.platform, arch: process.arch, env: process.env };
    expect(await fetchPrebuilt(PROJECT, request, 20_000)).toEqual({ ok: true });
    expect(readFileSync(join(copy, 'build/Release/better_sqlite3.node'), 'utf8')).toBe('prebuilt for electron');
  });

  it('stops a helper that hangs at its time limit, with what it started (node-gyp runs make, make runs g++)', async () => {
    // A child that starts a grandchild, says its pid, and waits forever.
    const script = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']); console.log(c.pid); setInterval(() => {}, 1000);";
    const started = Date.now();
    const result = await runChild(process.execPath, ['-e', script], { cwd: tmpdir(), env: process.env, timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.timedOut).toBe(true);
    expect(failureReason(result, 500)).toBe('no answer within 1 s');
    const grandchild = Number(result.output.trim());
    // Gone, or a zombie waiting for a parent that reaps it (in a container PID 1 may not): not running either way.
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${grandchild}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    if (process.platform === 'linux') await vi.waitFor(() => expect(running()).toBe(false));
  });
});
