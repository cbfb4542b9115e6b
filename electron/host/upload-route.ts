// POST /upload: a file the page sends. It is kept on the shelf and opened, or (?for=compare) compared with the journal
// open as its export B and dropped once compared. Replies never show where the host keeps the file.
import type { IncomingMessage } from 'node:http';
import { errorReply, JournalError } from '../../shared/contract.js';
import type { ApiReply } from '../../shared/contract.js';
import { parseRequest } from '../../shared/requests.js';
import type { OpenJournalRequest } from '../../shared/requests.js';
import type { JournalService } from '../service/journal-service.js';
import type { Upload, UploadShelf } from './upload-shelf.js';

/** `session` is the id of the tab's session, whose `service` opens or compares the upload. */
export async function receiveUpload(request: IncomingMessage, url: URL, session: string, service: JournalService, shelf: UploadShelf): Promise<ApiReply> {
  const purpose = url.searchParams.get('for') === 'compare' ? 'compare' : 'open';
  let upload: Upload | null = null;
  try {
    // Options first: a bad header is refused before a byte is written.
    const read = readingOptions(request);
    upload = await shelf.admit(url.searchParams.get('name'), declaredLength(request));
    await shelf.receive(upload, request);
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
