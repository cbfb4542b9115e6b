export function runChild(command: string, args: readonly string[], { cwd, env, timeoutMs }: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
}): Promise<ChildResult>;
export function failureReason(result: ChildResult, timeoutMs: number, pick?: (lines: string[]) => string | undefined): string;
export type ChildResult = {
    code: number | null;
    timedOut: boolean;
    output: string;
    spawnError?: string | undefined;
};
