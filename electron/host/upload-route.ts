// POST /upload: a file the page sends. It is kept on the shelf and opened, or (?for=compare) compared with the journal
// open as its export B and dropped once compared, or (?for=reducer) loaded as the session's reducer and kept while it
// is, or (?for=sample, the start of a journal) its fields listed for the Map columns… dialog and dropped at once.
// Replies never show where the host keeps the file.
import type { IncomingMessage } from 'node:http';
import { errorReply, JournalError } from '../../shared/contract.js';
import type { ApiReply } from '../../shared/contract.js';
import { parseRequest } from '../../shared/requests.js';
import type { OpenJournalRequest } from '../../shared/requests.js';
import { fitCutSqliteCopy } from '../readers/sample/cut-sqlite.js';
import type { JournalService } from '../service/journal-service.js';
import type { UploadKind } from './upload-body.js';
import type { Upload, UploadShelf } from './upload-shelf.js';

/** `session` is the id of the tab's session, whose `service` opens or compares the upload. */
export async function receiveUpload(request: IncomingMessage, url: URL, session: string, service: JournalService, shelf: UploadShelf): Promise<ApiReply> {
  const purpose = uploadPurpose(url.searchParams.get('for'));
  let upload: Upload | null = null;
  try {
    // Options first: a bad header is refused before a byte is written.
    const read = readingOptions(request);
    upload = await shelf.admit(url.searchParams.get('name'), declaredLength(request), kindOf(purpose));
    await shelf.receive(upload, request);
    if (purpose === 'sample') {
      // The start of a file: a SQLite one's header still counts the whole (cut-sqlite.ts). The copy is the host's own.
      const cut = await fitCutSqliteCopy(upload.path);
      return { ok: true, value: await service.sampleCopy(upload.path, upload.shown, cut) };
    }
    if (purpose === 'reducer') {
      const info = await service.loadReducerCopy(upload.path, upload.shown);
      // Loaded: it replaces the session's reducer (and that reducer's copy, if it was one).
      shelf.loaded(session, upload);
      return { ok: true, value: info };
    }
    if (purpose === 'compare') return { ok: true, value: await service.compare({ path: upload.path, ...read }) };
    const summary = await service.openCopy(upload.path, upload.name, read);
    // The open that succeeds is the one on screen: the service cancels an earlier one still in progress.
    shelf.showing(session, upload);
    return { ok: true, value: summary };
  } catch (error) {
    return shelf.scrubReply(errorReply(error), upload);
  } finally {
    if (upload !== null) shelf.release(upload);
    await shelf.sweep();
  }
}

type Purpose = 'open' | 'compare' | 'reducer' | 'sample';

function uploadPurpose(sent: string | null): Purpose {
  return sent === 'compare' || sent === 'reducer' || sent === 'sample' ? sent : 'open';
}

function kindOf(purpose: Purpose): UploadKind {
  return purpose === 'reducer' || purpose === 'sample' ? purpose : 'journal';
}

/** The size the page declares; NaN when it sends none (chunked), which only the byte count then limits. */
function declaredLength(request: IncomingMessage): number {
  return Number(request.headers['content-length'] ?? NaN);
}

/** How to read an upload: headers carry what `openJournal` takes as arguments (the body is the file itself). */
function readingOptions(request: IncomingMessage): Omit<OpenJournalRequest, 'path'> {
  const map = request.headers['x-eventlens-map'];
  const cipherKey = request.headers['x-eventlens-cipher-key'];
  const options = parseRequest('openJournal', {
    path: 'upload',
    ...(typeof map === 'string' && { map: parseMapHeader(map) }),
    ...(typeof cipherKey === 'string' && { cipherKey }),
  });
  return { ...(options.map && { map: options.map }), ...(options.cipherKey && { cipherKey: options.cipherKey }) };
}

function parseMapHeader(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new JournalError('bad-request', 'The X-Eventlens-Map header is not JSON.');
  }
}
