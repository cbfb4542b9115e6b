// JSON Pointer helpers for the tree and the change list.
import { escapeToken } from '../../shared/json-pointer.js';
import type { Change, ChangeKind } from '../../shared/model.js';

export function pointerChild(parent: string, key: string): string {
  return `${parent}/${escapeToken(key)}`;
}

/** The change kinds by path, for marking the state tree; removed paths are gone from the tree. */
export function changeMarks(changes: readonly Change[]): Map<string, ChangeKind> {
  const marks = new Map<string, ChangeKind>();
  for (const change of changes) if (change.kind !== 'removed') marks.set(change.path, change.kind);
  return marks;
}

/** A path for people: "/address/city" stays, the root reads as "(whole state)". */
export function displayPath(path: string): string {
  return path === '' ? '(whole state)' : path;
}
