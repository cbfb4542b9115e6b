// The reducer a replay asks for: a built-in kind, with per-type overrides, or the user's loaded file ('custom').
import type { ReducerKind } from '../../shared/reducers.js';
import type { ReplayAtRequest } from '../../shared/requests.js';

export type ReducerSetting = ReducerKind | 'custom';

export const BUILTIN_REDUCERS: readonly { kind: ReducerKind; label: string }[] = [
  { kind: 'merge-patch', label: 'Merge patch (default)' },
  { kind: 'json-patch', label: 'JSON Patch' },
  { kind: 'snapshot', label: 'Snapshot' },
];
export const CUSTOM_LABEL = 'Your reducer (file)';

export interface TypeOverride {
  type: string;
  kind: ReducerKind;
}

export type ReducerChoice = NonNullable<ReplayAtRequest['reducer']>;

/** The request's reducer: 'custom', or a built-in kind with the overrides that differ from it. */
export function reducerChoice(kind: ReducerSetting, overrides: readonly TypeOverride[]): ReducerChoice {
  if (kind === 'custom') return 'custom';
  const byType: Record<string, ReducerKind> = {};
  for (const override of overrides) if (override.kind !== kind) byType[override.type] = override.kind;
  return Object.keys(byType).length ? { kind, byType } : { kind };
}

