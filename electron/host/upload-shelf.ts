// Where the browser host keeps the journals a page uploads: one folder, only the user's (0700, each file 0600), holding
// a bounded number of files of bounded size, each in a sub-folder the host names. An upload stays while a session has
// it on screen (a journal) or loaded (a reducer file), or a request still uses it; once another replaces it (or its
// session closes), it is removed. The folder goes when the host stops.
import { chmod, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { ApiReply } from '../../shared/contract.js';
import { removeAbandonedUploads, uploadFolderPrefix } from './abandoned-uploads.js';
import { receiveBody, tooLarge } from './upload-body.js';
import type { UploadKind } from './upload-body.js';
import { uploadNames } from './upload-names.js';

export interface UploadLimits {
  /** The largest upload, in bytes. */
  maxBytes: number;
  /** How many uploads are kept at once: on screen, being sent, being opened or compared. */
  maxCount: number;
  /** The largest reducer file, in bytes. */
  maxReducerBytes: number;
  /** How many reducer files are kept at once (loaded or being sent), apart from the journals' count. */
  maxReducerCount: number;
}

/**
 * 2 GiB is more than any export a browser tab sends comfortably; a bigger journal is opened where it lies, with
 * `eventlens serve FILE`. Four lets one journal stay on screen while another opens, a comparison runs and a page retries.
 */
/** The start of a journal a page sends to list its fields (the page sends no more: renderer/lib/field-sample.ts). */
export const SAMPLE_UPLOAD_BYTES = 64 * 1024 * 1024;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 2 * 1024 ** 3, maxCount: 4, maxReducerBytes: 4 * 1024 ** 2, maxReducerCount: 16 };

export interface Upload {
  /** The file, as the service opens it. */
  readonly path: string;
  /** Its sub-folder, named by the host. */
  readonly folder: string;
  /** The file's own name (see UploadNames.file): the journal's name for the service. */
  readonly name: string;
  /** The name the page sent, as inert text for messages. */
  readonly shown: string;
  readonly kind: UploadKind;
}

export class UploadShelf {
  /** Oldest first. */
  private readonly kept: Upload[] = [];
  /** Uploads a request is still sending, opening or comparing. */
  private readonly inUse = new Set<Upload>();
  /** What each session (by id) shows, when it is an upload. */
  private readonly onScreen = new Map<string, Upload>();
  /** The reducer file each session (by id) has loaded, when it is an upload. */
  private readonly reducers = new Map<string, Upload>();
  private made = 0;

  private constructor(
    /** The folder, as created and as the system resolves it (macOS's /var is /private/var): messages may show either. */
    readonly folder: string,
    private readonly realFolder: string,
    readonly limits: UploadLimits,
  ) {}

  static async open(limits: Partial<UploadLimits> = {}, parent = tmpdir()): Promise<UploadShelf> {
    const chosen = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
    if (!(chosen.maxBytes > 0 && chosen.maxCount >= 1 && chosen.maxReducerBytes > 0 && chosen.maxReducerCount >= 1)) throw new Error(`Upload limits must be positive: ${JSON.stringify(chosen)}.`);
    await removeAbandonedUploads(parent);
    // mkdtemp makes the folder 0700 already; said again in case a platform's default differs.
    const folder = await mkdtemp(join(parent, uploadFolderPrefix()));
    await chmod(folder, 0o700);
    return new UploadShelf(folder, await realpath(folder), chosen);
  }

  /**
   * A place for a new upload, in use until `release`. Refused when the page declares a body over the size limit, or
   * when `maxCount` uploads (`maxReducerCount` reducer files) are on screen, loaded or in use (uploads none of these
   * are removed first).
   */
  async admit(sentName: string | null, declaredBytes: number, kind: UploadKind = 'journal'): Promise<Upload> {
    const { maxBytes, maxCount } = this.limitsOf(kind);
    if (declaredBytes > maxBytes) throw tooLarge(maxBytes, kind);
    await this.sweep();
    // Counted and added with no await between, so uploads arriving together cannot all pass the count.
    // Reducer files are counted apart; a journal's start sent for its fields counts as a journal.
    if (this.kept.filter((upload) => (upload.kind === 'reducer') === (kind === 'reducer')).length >= maxCount) {
      throw new JournalError('too-many-uploads', `The Eventlens host already holds ${maxCount} ${kind === 'reducer' ? 'reducer files' : 'uploads'} in use; wait for one to finish, then send the file again.`);
    }
    const names = uploadNames(sentName);
    const folder = join(this.folder, String(++this.made));
    const upload: Upload = { path: join(folder, names.file), folder, name: names.file, shown: names.shown, kind };
    this.kept.push(upload);
    this.inUse.add(upload);
    try {
      await mkdir(folder, { mode: 0o700 });
    } catch (error) {
      this.release(upload);
      await this.sweep();
      throw error;
    }
    return upload;
  }

  /** Writes the upload's bytes (at most its kind's size limit, or a "too-large" error and no file). */
  async receive(upload: Upload, body: AsyncIterable<Buffer>): Promise<void> {
    await receiveBody(body, upload.path, this.limitsOf(upload.kind).maxBytes, upload.kind);
  }

  private limitsOf(kind: UploadKind): { maxBytes: number; maxCount: number } {
    if (kind === 'reducer') return { maxBytes: this.limits.maxReducerBytes, maxCount: this.limits.maxReducerCount };
    return kind === 'sample' ? { maxBytes: Math.min(SAMPLE_UPLOAD_BYTES, this.limits.maxBytes), maxCount: this.limits.maxCount } : this.limits;
  }

  /** The request that used it is done; the upload stays only while on screen. */
  release(upload: Upload): void {
    this.inUse.delete(upload);
  }

  /** What a session shows now: an upload, or null for a journal opened by path, the sample, or a session closed. */
  showing(session: string, upload: Upload | null): void {
    if (upload === null) this.onScreen.delete(session);
    else this.onScreen.set(session, upload);
  }

  /** The reducer file a session has loaded: an upload, or null for one loaded by path, none, or a session closed. */
  loaded(session: string, upload: Upload | null): void {
    if (upload === null) this.reducers.delete(session);
    else this.reducers.set(session, upload);
  }

  /** Removes every upload neither on screen, loaded nor in use: a journal or reducer replaced leaves no copy behind. */
  async sweep(): Promise<void> {
    const shown = new Set([...this.onScreen.values(), ...this.reducers.values()]);
    const idle = this.kept.filter((upload) => !shown.has(upload) && !this.inUse.has(upload));
    if (idle.length === 0) return;
    for (const upload of idle) this.kept.splice(this.kept.indexOf(upload), 1);
    // A file still open elsewhere cannot be removed on Windows; the folder's removal at stop takes it then.
    await Promise.all(idle.map((upload) => rm(upload.folder, { recursive: true, force: true }).catch(() => {})));
  }

  /** A message without the host's folder: an upload's path becomes the name the page sent, the folder a phrase. */
  scrub(message: string, upload: Upload | null = null): string {
    const uploads = upload !== null && !this.kept.includes(upload) ? [upload, ...this.kept] : this.kept;
    const roots = [...new Set([this.folder, this.realFolder])];
    const replacements: [string, string][] = [
      ...uploads.flatMap(({ path, shown }) => roots.map((root): [string, string] => [root + path.slice(this.folder.length), shown])),
      ...roots.map((root): [string, string] => [root, 'the upload folder']),
    ];
    // Longest first: a path is replaced whole before its folder, and /private/var/… before the /var/… inside it.
    replacements.sort(([a], [b]) => b.length - a.length);
    return replacements.reduce((text, [path, words]) => text.split(path).join(words), message);
  }

  /** The same for a reply: an error's message scrubbed, a value left as it is. */
  scrubReply(reply: ApiReply, upload: Upload | null = null): ApiReply {
    return reply.ok ? reply : { ok: false, error: { ...reply.error, message: this.scrub(reply.error.message, upload) } };
  }

  /** Removes the folder and every upload in it: the host is stopping. */
  async clear(): Promise<void> {
    this.kept.length = 0;
    await rm(this.folder, { recursive: true, force: true });
  }

  /** The same, for a process exiting now (no later turn of the event loop). */
  clearNow(): void {
    this.kept.length = 0;
    rmSync(this.folder, { recursive: true, force: true });
  }
}
