export function electronSqliteFolder(cacheRoot: string, { electronVersion, abi, platform, arch, betterSqlite3Version }: {
    electronVersion: string;
    abi: string;
    platform: string;
    arch: string;
    betterSqlite3Version: string;
}): string;
export function defaultCacheRoot(root: string): string;
export function ensureElectronSqlite(options: EnsureSqliteOptions): Promise<{
    ok: true;
    path: string;
    origin: SqliteOrigin;
} | {
    ok: false;
    line: string;
}>;
export const SQLITE_BINDING_ENV: "EVENTLENS_SQLITE_BINDING";
export type SqliteBuildRequest = {
    packageDir: string;
    electronVersion: string;
    platform: string;
    arch: string;
    env: NodeJS.ProcessEnv;
};
export type SqliteBuilder = (request: SqliteBuildRequest) => Promise<import("./electron-binary.mjs").StepResult>;
export type EnsureSqliteOptions = {
    root: string;
    cacheRoot?: string | undefined;
    electron: import("./electron-binary.mjs").ElectronPackage;
    platform: string;
    arch: string;
    env: NodeJS.ProcessEnv;
    fetchPrebuilt: SqliteBuilder;
    compileFromSource: SqliteBuilder;
    log: (line: string) => void;
};
export type SqliteOrigin = "yours" | "cached" | "prebuilt" | "compiled";
