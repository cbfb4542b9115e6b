// An upload's names. The page sends the file's name, and whoever holds the token can send any text there, so it is
// never used as a path: the upload's folder is named by the host, and the file in it gets a name made from the sent
// one with only characters that are safe in a file name on every system.

/** What an upload is called when the page sent no usable name. */
const FALLBACK = 'journal';
/** File names are limited to 255 bytes on most systems; room is left for the cache's and the reader's suffixes. */
const MAX_FILE_BYTES = 200;
const MAX_SHOWN_CHARACTERS = 255;
/** An extension kept when a long name is cut ("….ndjson"); longer "extensions" are part of the name. */
const MAX_EXTENSION = 16;

export interface UploadNames {
  /** The name as the page sent it, its last part only: inert text, for messages, never a path. */
  shown: string;
  /**
   * The file's name in its folder: never empty, `.` or `..`, no slash, backslash, NUL or control character, not
   * hidden, not a Windows device name. For an ordinary name it is the name itself, which matters: the readers name the
   * stream of a one-stream journal after its file (order-42.json → "order-42").
   */
  file: string;
}

export function uploadNames(sent: string | null): UploadNames {
  const last = (sent ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = shorten(last.replace(/[\u0000-\u001f\u007f]/g, '').trim(), (name) => [...name].length > MAX_SHOWN_CHARACTERS);
  const shown = /^\.*$/.test(cleaned) ? FALLBACK : cleaned;
  return { shown, file: fileName(shown) };
}

function fileName(shown: string): string {
  // Letters, digits and marks of any script, and punctuation every file system takes; anything else becomes "_".
  let name = shown.replace(/[^\p{L}\p{N}\p{M} ._\-+()[\]{}@,;=~#%!&'$^]/gu, '_');
  // No hidden file, and no trailing dot or space (Windows drops them, so two names would meet).
  name = name.replace(/^[. ]+|[. ]+$/g, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  name = shorten(name, (cut) => Buffer.byteLength(cut) > MAX_FILE_BYTES).replace(/[. ]+$/, '');
  return name === '' ? FALLBACK : name;
}

/** Cut while `tooLong`, keeping the extension: readers and people recognise ".ndjson", ".gz". */
function shorten(name: string, tooLong: (name: string) => boolean): string {
  if (!tooLong(name)) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION ? name.slice(dot) : '';
  const stem = [...name.slice(0, name.length - extension.length)];
  while (stem.length > 0 && tooLong(stem.join('') + extension)) stem.pop();
  return stem.join('') + extension;
}
