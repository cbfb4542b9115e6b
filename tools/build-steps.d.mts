export function buildSteps(root: string): BuildStep[];
export type BuildStep = {
    name: string;
    label: string;
    command: string;
    inputs: readonly string[] | null;
    outputs: (inputs: readonly string[]) => string[];
};
