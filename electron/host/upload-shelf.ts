// Where the browser host keeps the journals a page uploads: one folder, only the user's (0700, each file 0600), holding
// a bounded number of files of bounded size, each in a sub-folder the host names. An upload stays while a session has
// it on screen or a request still uses it; once another journal replaces it (or its session closes), it is removed. The
// folder goes when the host stops.
import { chmod, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { ApiReply } from '../../shared/contract.js';
import { removeAbandonedUploads, uploadFolderPrefix } from './abandoned-uploads.js';
import { receiveBody, tooLarge } from './upload-body.js';
import { uploadNames } from './upload-names.js';

export interface UploadLimits {
  /** The largest upload, in bytes. */
  maxBytes: number;
  /** How many uploads are kept at once: on screen, being sent, being opened or compared. */
  maxCount: number;
}

/**
 * 2 GiB is more than any export a browser tab sends comfortably; a bigger journal is opened where it lies, with
 * `eventlens serve FILE`. Four lets one journal stay on screen while another opens, a comparison runs and a page retries.
 */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 2 * 1024 ** 3, maxCount: 4 };

export interface Upload {
  /** The file, as the service opens it. */
  readonly path: string;
  /** Its sub-folder, named by the host. */
  readonly folder: string;
  /** The file's own name (see UploadNames.file): the journal's name for the service. */
  readonly name: string;
  /** The name the page sent, as inert text for messages. */
  readonly shown: string;
}

export class UploadShelf {
  /** Oldest first. */
  private readonly kept: Upload[] = [];
  /** Uploads a request is still sending, opening or comparing. */
  private readonly inUse = new Set<Upload>();
  /** What each session (by id) shows, when it is an upload. */
  private readonly onScreen = new Map<string, Upload>();
  private made = 0;

  private constructor(
    /** The folder, as created and as the system resolves it (macOS's /var is /private/var): messages may show either. */
    readonly folder: string,
    private readonly realFolder: string,
    readonly limits: UploadLimits,
  ) {}

  static async open(limits: Partial<UploadLimits> = {}, parent = tmpdir()): Promise<UploadShelf> {
    const chosen = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
    if (!(chosen.maxBytes > 0 && chosen.maxCount >= 1)) throw new Error(`Upload limits must be positive: ${JSON.stringify(chosen)}.`);
    await removeAbandonedUploads(parent);
    // mkdtemp makes the folder 0700 already; said again in case a platform's default differs.
    const folder = await mkdtemp(join(parent, uploadFolderPrefix()));
    await chmod(folder, 0o700);
    return new UploadShelf(folder, await realpath(folder), chosen);
  }

  /**
   * A place for a new upload, in use until `release`. Refused when the page declares a body over the size limit, or
   * when `maxCount` uploads are on screen or in use (uploads neither are removed first).
   */
  async admit(sentName: string | null, declaredBytes: number): Promise<Upload> {
    if (declaredBytes > this.limits.maxBytes) throw tooLarge(this.limits.maxBytes);
    await this.sweep();
    // Counted and added with no await between, so uploads arriving together cannot all pass the count.
    if (this.kept.length >= this.limits.maxCount) {
      throw new JournalError('too-many-uploads', `The Eventlens host already holds ${this.limits.maxCount} uploads in use; wait for one to finish, then send the file again.`);
    }
    const names = uploadNames(sentName);
    const folder = join(this.folder, String(++this.made));
    const upload: Upload = { path: join(folder, names.file), folder, name: names.file, shown: names.shown };
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

  /** Writes the upload's bytes (at most maxBytes, or a "too-large" error and no file). */
  async receive(upload: Upload, body: AsyncIterable<Buffer>): Promise<void> {
    await receiveBody(body, upload.path, this.limits.maxBytes);
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

  /** Removes every upload neither on screen nor in use: a journal replaced by another leaves no copy behind. */
  async sweep(): Promise<void> {
    const shown = new Set(this.onScreen.values());
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
