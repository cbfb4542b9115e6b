export function installElectron(electron: import("./electron-binary.mjs").ElectronPackage, { env, timeoutMs }?: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
}): Promise<import("./electron-binary.mjs").StepResult>;
