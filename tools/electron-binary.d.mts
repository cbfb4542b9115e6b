export function electronPackage(root: string): ElectronPackage;
export function electronExecutable(electron: ElectronPackage, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string;
export function ensureElectron({ electron, env, platform, installElectron, log }: EnsureElectronOptions): Promise<{
    ok: true;
    path: string;
} | {
    ok: false;
    line: string;
}>;
export type ElectronPackage = {
    dir: string;
    version: string;
    abi: string;
};
export type StepResult = {
    ok: true;
} | {
    ok: false;
    reason: string;
};
export type EnsureElectronOptions = {
    electron: ElectronPackage;
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    installElectron: (electron: ElectronPackage) => Promise<StepResult>;
    log: (line: string) => void;
};
