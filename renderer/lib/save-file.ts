// Saving a file the service made (the audit report) from the page: a Blob behind an <a download>. A browser downloads
// it; the desktop shell turns the download into a Save dialog (electron/shell/downloads.ts). No API call writes files.
import type { AuditReportFile } from '../../shared/contract.js';

/** The few DOM pieces used, so the logic runs in a test without a browser. */
export interface SaveEnvironment {
  document: Pick<Document, 'createElement' | 'body'>;
  url: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
  /** When to let go of the Blob: after the download has taken it. */
  later: (run: () => void, ms: number) => void;
}

/** How long the Blob stays reachable after the click: the download reads it asynchronously. */
export const REVOKE_AFTER_MS = 60_000;

/** A file name without folders or characters file systems refuse, so a name from the service cannot point elsewhere. */
export function safeFileName(name: string, fallback = 'eventlens-report'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters and the ones Windows refuses; leading dots would hide the file.
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^\.+/, '').trim();
  return cleaned === '' ? fallback : cleaned;
}

export function saveFile(file: AuditReportFile, environment: SaveEnvironment = browserEnvironment()): string {
  const name = safeFileName(file.name);
  const blob = new Blob([file.content], { type: `${file.mediaType};charset=utf-8` });
  const href = environment.url.createObjectURL(blob);
  const link = environment.document.createElement('a');
  link.href = href;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  environment.document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    environment.later(() => environment.url.revokeObjectURL(href), REVOKE_AFTER_MS);
  }
  return name;
}

function browserEnvironment(): SaveEnvironment {
  return { document, url: URL, later: (run, ms) => void setTimeout(run, ms) };
}
