export function fetchPrebuilt(root: string, request: SqliteBuildRequest, timeoutMs?: number): Promise<StepResult>;
export function compileFromSource(root: string, request: SqliteBuildRequest, timeoutMs?: number): Promise<StepResult>;
export type SqliteBuildRequest = import("./electron-sqlite.mjs").SqliteBuildRequest;
export type StepResult = import("./electron-binary.mjs").StepResult;
