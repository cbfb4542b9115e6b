// Removes the cache folder playwright.config.ts made for this run (never a cache folder the caller chose).
import { rmSync } from 'node:fs';

export default function removeRunCache(): void {
  const folder = process.env.EVENTLENS_TEST_CACHE;
  if (folder) rmSync(folder, { recursive: true, force: true });
}
