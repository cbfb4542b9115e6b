// Keyboard and drag helpers: which keys the window handles, and when it must leave them to the focused control.

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl+O, or Cmd+O on a Mac. */
export function isOpenShortcut(event: KeyboardEvent): boolean {
  return (isMac ? event.metaKey : event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'o';
}

/** Ctrl+F, or Cmd+F on a Mac. */
export function isFindShortcut(event: KeyboardEvent): boolean {
  return (isMac ? event.metaKey : event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
}

export const SHORTCUT_PREFIX = isMac ? '⌘' : 'Ctrl+';

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Elements that use arrows, Home/End or Space themselves: typing there must not drive the replay. */
export function keysBelongToTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    if (TEXT_INPUTS.has(target.type)) return true;
    // A slider uses arrows and Home/End itself; Space it leaves free, so it still plays and pauses.
    if (target.type === 'range') return key !== ' ';
    return key === ' ';
  }
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  // The stream list and the Events grid select as their arrows move, so Space is free there: it plays and pauses.
  if (target.closest('[role="listbox"], [role="grid"]')) return key !== ' ';
  if (target.closest('[role="tree"], [role="menu"]')) return true;
  // Space presses buttons, toggles details and follows links.
  if (key === ' ' && target.closest('button, summary, a[href]')) return true;
  return false;
}

export function draggedFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}
