import { vi } from 'vitest';
import { startHost } from '../../electron/host/server.js';
import { HttpJournalApi } from '../../renderer/lib/http-api.js';
import type { ContractTarget } from './journal-api.contract.js';

/**
 * The renderer's own HTTP client against the real browser host, two tabs of it. The client uses page-relative URLs,
 * as a page does; here they are resolved against the host's address, as the browser would. Closing ends the host and
 * its sessions (with a live store's connections).
 */
export async function httpHostTarget(samplePath: string): Promise<ContractTarget> {
  const host = await startHost({ samplePath, recentFile: null });
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => realFetch(new URL(input, `http://127.0.0.1:${host.port}/`), init));
  return {
    api: new HttpJournalApi(host.token, 'contract-tab-one-0123456789'),
    another: async () => new HttpJournalApi(host.token, 'contract-tab-two-0123456789'),
    close: async () => {
      vi.unstubAllGlobals();
      await host.close();
    },
  };
}
