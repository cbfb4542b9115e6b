export function reasonToRun(step: BuildStep, root: string, hash: string | null, files: readonly string[], stampFile: string): string | null;
export function buildChanged({ root, steps, runStep, log, stampDir }: BuildChangedOptions): Promise<BuildOutcome>;
export function shellStepRunner(root: string): (step: BuildStep) => Promise<boolean>;
export function buildProject(log?: (line: string) => void): Promise<BuildOutcome>;
export const PROJECT_ROOT: string;
export type BuildStep = import("./build-steps.mjs").BuildStep;
export type BuildChangedOptions = {
    root: string;
    steps: readonly BuildStep[];
    runStep: (step: BuildStep) => Promise<boolean>;
    log: (line: string) => void;
    stampDir?: string | undefined;
};
export type BuildOutcome = {
    ok: boolean;
    ran: string[];
    skipped: string[];
    failed?: string | undefined;
};
