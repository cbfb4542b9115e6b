// The native Open dialog, filtered to the journal formats the readers understand.
import { dialog } from 'electron';
import type { BrowserWindow, FileFilter, OpenDialogOptions } from 'electron';

export const JOURNAL_FILTERS: FileFilter[] = [
  { name: 'Journals', extensions: ['sqlite', 'db', 'sqlite3', 'json', 'ndjson', 'jsonl'] },
  { name: 'SQLite databases', extensions: ['sqlite', 'db', 'sqlite3'] },
  { name: 'JSON and NDJSON', extensions: ['json', 'ndjson', 'jsonl'] },
  { name: 'All files', extensions: ['*'] },
];

export const REDUCER_FILTERS: FileFilter[] = [
  { name: 'JavaScript', extensions: ['js', 'mjs', 'cjs'] },
  { name: 'All files', extensions: ['*'] },
];

/** The chosen reducer file's path, or null when the user cancels. */
export async function askForReducerPath(parent?: BrowserWindow | null): Promise<string | null> {
  const options: OpenDialogOptions = { title: 'Load reducer', properties: ['openFile'], filters: REDUCER_FILTERS };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** The chosen file's path, or null when the user cancels. Modal to `parent` when there is one. */
export async function askForJournalPath(parent?: BrowserWindow | null): Promise<string | null> {
  const options: OpenDialogOptions = { title: 'Open journal', properties: ['openFile'], filters: JOURNAL_FILTERS };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
