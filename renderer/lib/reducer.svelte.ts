// Which reducer folds the replay: a built-in one (with optional per-type overrides) or the user's loaded file,
// which is watched by the service: a rising revision means the file was edited and loaded again.
import type { JournalApi } from '../../shared/contract.js';
import type { ReducerInfo } from '../../shared/model.js';
import { describeError } from './errors.js';
import { reducerChoice } from './reducer-choice.js';
import type { ReducerSetting, TypeOverride } from './reducer-choice.js';

/** How often the loaded file's status is asked, to notice an edit. */
export const POLL_MS = 1000;

export class ReducerSettings {
  kind = $state<ReducerSetting>('merge-patch');
  overrides = $state.raw<TypeOverride[]>([]);
  /** The loaded file; null when none is. */
  info = $state.raw<ReducerInfo | null>(null);
  /** Why the last "Load reducer…" failed, in words. */
  loadError = $state<string | null>(null);
  busy = $state(false);
  /** Browser: sends a reducer file the page picked to the host, which loads it (set by the view from its transport). */
  uploader: ((file: File) => Promise<ReducerInfo>) | null = null;

  readonly choice = $derived(reducerChoice(this.kind, this.overrides));

  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  /** Bumped by each load, so a status asked before it cannot overwrite what the load answered. */
  private loads = 0;

  constructor(
    private readonly api: JournalApi,
    /** Desktop: the native dialog, which loads the file it picks. Browser: null, the page asks for a path. */
    private readonly chooser: (() => Promise<ReducerInfo | null>) | null,
    /** Called when the replay must be asked again: another reducer, or the loaded file changed. */
    private readonly changed: () => void,
  ) {}

  get canChoose(): boolean {
    return this.chooser !== null;
  }

  /** Picks up a reducer the service already has loaded (from an earlier journal). */
  async start(): Promise<void> {
    try {
      const info = await this.api.reducerStatus();
      if (info && !this.disposed && this.info === null) {
        this.info = info;
        this.schedulePoll();
      }
    } catch {
      // Only a convenience: loading a reducer works without it.
    }
  }

  setKind(kind: ReducerSetting): void {
    if (kind === this.kind || (kind === 'custom' && this.info === null)) return;
    this.kind = kind;
    this.changed();
  }

  addOverride(type: string): void {
    this.overrides = [...this.overrides, { type, kind: this.kind === 'json-patch' ? 'merge-patch' : 'json-patch' }];
    this.overridesChanged();
  }

  setOverride(index: number, patch: Partial<TypeOverride>): void {
    this.overrides = this.overrides.map((override, i) => (i === index ? { ...override, ...patch } : override));
    this.overridesChanged();
  }

  removeOverride(index: number): void {
    this.overrides = this.overrides.filter((_, i) => i !== index);
    this.overridesChanged();
  }

  /** Loads the file at `path` (browser host); answers the error in words, or null when it loaded. */
  async load(path: string): Promise<string | null> {
    return this.loading(() => this.api.loadReducer({ path }));
  }

  /** Loads a file picked in the page (browser host), sent as a copy; answers the error in words, or null when it loaded. */
  async loadFile(file: File): Promise<string | null> {
    const upload = this.uploader;
    if (upload === null) return 'This window cannot send a reducer file: give its path instead.';
    return this.loading(() => upload(file));
  }

  /** Desktop: the native dialog; cancelling it changes nothing. */
  async choose(): Promise<void> {
    if (this.chooser === null) return;
    await this.loading(this.chooser);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private async loading(load: () => Promise<ReducerInfo | null>): Promise<string | null> {
    this.busy = true;
    this.loads++;
    try {
      const info = await load();
      if (info === null || this.disposed) return null;
      this.info = info;
      this.loadError = null;
      this.kind = 'custom';
      this.changed();
      this.schedulePoll();
      return null;
    } catch (error) {
      const shown = describeError('', error);
      this.loadError = shown.message;
      return shown.message;
    } finally {
      this.busy = false;
    }
  }

  private overridesChanged(): void {
    if (this.kind !== 'custom') this.changed();
  }

  private schedulePoll(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), POLL_MS);
  }

  private async poll(): Promise<void> {
    this.pollTimer = null;
    const loads = this.loads;
    let status: ReducerInfo | null;
    try {
      status = await this.api.reducerStatus();
    } catch {
      // The host may be briefly busy; ask again next time.
      if (!this.disposed && this.info !== null) this.schedulePoll();
      return;
    }
    if (this.disposed) return;
    if (loads !== this.loads) {
      this.schedulePoll();
      return;
    }
    const before = this.info;
    this.info = status;
    if (status === null) {
      if (this.kind === 'custom') {
        this.kind = 'merge-patch';
        this.changed();
      }
      return;
    }
    const edited = before === null || before.revision !== status.revision || before.path !== status.path;
    if (edited && this.kind === 'custom') this.changed();
    this.schedulePoll();
  }
}
