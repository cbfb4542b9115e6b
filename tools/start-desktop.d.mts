export function startDesktop(launch: DesktopLaunch): Promise<number>;
export function spawnElectron(executable: string, args: readonly string[], { cwd, env }: {
    cwd: string;
    env: NodeJS.ProcessEnv;
}): Promise<number>;
export type ElectronPackage = import("./electron-binary.mjs").ElectronPackage;
export type StepResult = import("./electron-binary.mjs").StepResult;
export type SqliteBuilder = import("./electron-sqlite.mjs").SqliteBuilder;
export type DesktopLaunch = {
    root: string;
    args: readonly string[];
    cwd: string;
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    arch: string;
    cacheRoot?: string | undefined;
    build: () => Promise<boolean>;
    installElectron: (electron: ElectronPackage) => Promise<StepResult>;
    fetchPrebuilt: SqliteBuilder;
    compileFromSource: SqliteBuilder;
    spawnElectron: (executable: string, args: readonly string[], options: {
        cwd: string;
        env: NodeJS.ProcessEnv;
    }) => Promise<number>;
    log: (line: string) => void;
    fail: (line: string) => void;
};
