// The user's reducer file while it is loaded: compiled once, compiled again when the file changes on disk.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, resolve } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { ReducerInfo } from '../../shared/model.js';
import { CustomReducer } from '../reducers/custom-reducer.js';
import type { CustomReducerOptions } from '../reducers/custom-reducer.js';

/** Editors save in bursts (write, rename, chmod): one reload after the burst. */
const SETTLE_MS = 120;

export class ReducerFile {
  private reducer: CustomReducer | null = null;
  private watcher: FSWatcher | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private reloading: Promise<void> = Promise.resolve();
  info: ReducerInfo;

  private constructor(
    readonly path: string,
    private readonly options: CustomReducerOptions,
    private readonly onChange: () => void,
    copyOf: string | undefined,
  ) {
    const shown = copyOf ?? path;
    this.info = { path: shown, name: basename(shown), revision: 0, ...(copyOf !== undefined && { copy: true as const }) };
  }

  /**
   * Loads the file; a file that does not load is refused (nothing is replaced). `copyOf` names a copy (a file a page
   * sent to the browser host) by the name the user knows, never its place on the host; a copy is never edited, so it
   * is not watched.
   */
  static async open(path: string, options: CustomReducerOptions, onChange: () => void, copyOf?: string): Promise<ReducerFile> {
    const file = new ReducerFile(resolve(path), options, onChange, copyOf);
    file.reducer = await CustomReducer.load(file.path, options);
    file.info = { ...file.info, revision: 1 };
    if (copyOf === undefined) file.watch();
    return file;
  }

  /** The reducer of the current revision; a revision that failed to load answers with its error. */
  current(): CustomReducer {
    if (this.reducer === null) throw new JournalError('bad-reducer', this.info.error ?? `The reducer ${this.info.name} is not loaded.`);
    return this.reducer;
  }

  /** Waits for a reload in progress, so a caller sees the newest revision. */
  settled(): Promise<void> {
    return this.reloading;
  }

  async close(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
    await this.reducer?.close();
    this.reducer = null;
  }

  private watch(): void {
    try {
      this.watcher = watch(this.path, () => this.scheduleReload());
    } catch {
      // A file that cannot be watched still works; it is just not reloaded by itself.
    }
  }

  private scheduleReload(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reloading = this.reload();
    }, SETTLE_MS);
  }

  private async reload(): Promise<void> {
    const revision = this.info.revision + 1;
    try {
      const next = await CustomReducer.load(this.path, this.options);
      await this.reducer?.close();
      this.reducer = next;
      this.info = { path: this.info.path, name: this.info.name, revision };
    } catch (error) {
      await this.reducer?.close();
      this.reducer = null;
      this.info = { path: this.info.path, name: this.info.name, revision, error: (error as Error).message };
    }
    // Editors that replace the file (write to a new file, rename over) end the watch: watch the new file.
    this.watcher?.close();
    this.watch();
    this.onChange();
  }
}
