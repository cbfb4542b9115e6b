// Where the built sample journal lives: dist/sample/, next to the compiled code that reads it.
import { fileURLToPath } from 'node:url';

export const SAMPLE_JOURNAL_PATH = fileURLToPath(new URL('../../sample/sample-journal.ndjson', import.meta.url));
