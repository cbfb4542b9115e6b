// Where the built app's own files are, found from this compiled file (dist/electron/shell/), inside the asar too.
import { fileURLToPath } from 'node:url';

/** The sandboxed preload, bundled to one CommonJS file by `npm run build:preload`. */
export const PRELOAD_PATH = fileURLToPath(new URL('../preload.cjs', import.meta.url));

/** The renderer's entry page, built by Vite with its CSP meta tag. */
export const RENDERER_INDEX_PATH = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
