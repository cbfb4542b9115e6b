// The recent list belongs to the main process (its menu shows it, every window adds to it), while each window's journal
// service runs in a process of its own. So a window's service is wrapped: `recent()` is answered from the main
// process's list, and a journal opened by path is added to it there.
import type { JournalApi } from '../../shared/contract.js';
import type { RecentJournals } from '../service/recent-journals.js';

export function withRecentList<T extends JournalApi>(service: T, recent: RecentJournals): T {
  return new Proxy(service, {
    get(target, property, receiver) {
      if (property === 'recent') return async () => recent.list();
      if (property === 'openJournal') {
        return async (request: Parameters<JournalApi['openJournal']>[0]) => {
          const summary = await target.openJournal(request);
          recent.add(summary.path);
          return summary;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
