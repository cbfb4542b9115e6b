export function inertText(text: string, max?: number): string;
