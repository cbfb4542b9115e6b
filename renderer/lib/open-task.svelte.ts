// One open in flight, as the progress bar shows it: started by the page, or by the desktop's main process.
import type { OpenProgress } from '../../shared/model.js';
import type { OpenPhase, ProgressView } from './progress.js';

/** The page asked for this open and awaits its result; "elsewhere" opens are seen only through openProgress(). */
export type OpenOrigin = 'page' | 'elsewhere';

export class OpenTask implements ProgressView {
  /** The file's name, as the service reports it once it has started. */
  name = $state('');
  /** The file's path, once the service reports it (a desktop dialog's choice is known only this way). */
  path = $state<string | null>(null);
  phase = $state<OpenPhase>('waiting');
  done = $state(0);
  total = $state(0);
  events = $state(0);
  /** Cancel was pressed; the open ends with code "cancelled" (or finishes first). */
  cancelling = $state(false);
  /** Stops an upload still being sent. */
  readonly upload = new AbortController();

  constructor(
    name: string,
    readonly origin: OpenOrigin,
    /** The file goes to the browser host first. */
    readonly uploaded = false,
    /** The reading options it was asked with, in words ("stream=agg, type=kind"); empty for none. */
    readonly options = '',
  ) {
    this.name = name;
  }

  get label(): string {
    return `Opening ${this.name}`;
  }

  /** Upload progress; once every byte is sent the host reads the file, the second step. */
  sent(loaded: number, total: number, complete = false): void {
    if (this.phase === 'reading') return;
    if (complete) {
      this.phase = 'reading';
      this.done = 0;
      this.total = 0;
      return;
    }
    this.phase = 'uploading';
    this.done = loaded;
    this.total = total;
  }

  /** What the service reports while it reads. */
  read(progress: OpenProgress): void {
    // While uploading, the host is not reading this file yet: a report then is about some other open.
    if (this.phase === 'uploading') return;
    this.phase = 'reading';
    this.name = progress.name;
    this.path = progress.path;
    this.done = progress.bytesRead;
    this.total = progress.totalBytes;
    this.events = progress.events;
  }
}
