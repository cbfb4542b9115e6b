export function inputFiles(root: string, inputs: readonly string[]): string[];
export function contentHash(root: string, files: readonly string[], extra: string, fileDigests?: Map<string, string>): string;
