// Errors in words a person understands: what failed, why, and what to do next.
import { JournalError } from '../../shared/contract.js';
import type { ErrorRemedy } from '../../shared/contract.js';

export interface ShownError {
  /** What the user was doing: "Could not open notes.txt". */
  title: string;
  message: string;
  /** What to try next, when there is something useful to say. */
  hint?: string;
  /** The service's remedy: "map" offers Map columns… where the error is shown (the Connect dialog). */
  remedy?: ErrorRemedy;
}

const HINTS: Record<string, string> = {
  encrypted: 'Choose Map columns… and give the cipher key the store was written with.',
  'bad-format': 'Check that you picked the journal export itself, or open the sample journal to look around.',
  'not-found': 'The file may have been moved or deleted. Open it again from its new place.',
  'no-journal': 'Open a journal file or the sample journal first.',
  'too-large': 'Open very large files with "eventlens serve FILE" instead of uploading them.',
  'too-many-uploads': 'Open one of the uploaded journals again, or restart "eventlens serve" to start afresh.',
  unauthorized: 'Open the full address that "eventlens serve" printed, including its ?token=… part.',
  unreachable: 'Start the host again with "eventlens serve" and reload this page.',
  'session-closed': 'Reload the page: the tab starts a new session and opens the journal again.',
  'too-many-sessions': 'Close a tab you no longer use, then reload this one.',
  'service-stopped': 'Open the journal again: a new service starts for this window.',
};

/** The app's words for an error's remedy (the CLI says its own: --map). */
const REMEDIES: Record<string, string> = {
  map: 'Choose the columns in Map columns… (it lists the fields found in the file).',
};

export function describeError(title: string, error: unknown): ShownError {
  if (error instanceof JournalError) {
    const hint = (error.remedy !== undefined ? REMEDIES[error.remedy] : undefined) ?? HINTS[error.code];
    const shown: ShownError = { title, message: error.message, ...(error.remedy !== undefined && { remedy: error.remedy }) };
    return hint === undefined ? shown : { ...shown, hint };
  }
  // Errors from the desktop bridge arrive as plain Errors (Electron's contextBridge keeps only the message), and the
  // service writes its messages for people, so an Error's message is shown as it is.
  if (error instanceof Error && error.message) return { title, message: error.message };
  return { title, message: `Something unexpected went wrong: ${String(error)}` };
}
