// A window's service, wrapped so a live store opened without a password gets the one the user saved for it (from the
// Connect dialog, the recent list or the menu alike). The service process never sees the saved passwords' file: only
// the main process can decrypt it. A saved password that is refused is kept: the dialog asks again, and saving the new
// one replaces it.
import type { JournalApi } from '../../shared/contract.js';
import type { ConnectionSecrets } from './connection-secrets.js';

type Secrets = Pick<ConnectionSecrets, 'passwordFor'>;

export function withSavedPasswords<T extends JournalApi>(service: T, secrets: Secrets): T {
  /** The request with the saved password filled in, when it names none of its own (neither apart nor in the URL). */
  const filled = async <R extends { password?: string | undefined }>(request: R, url: string): Promise<R> => {
    if (request.password !== undefined || hasPasswordInUrl(url)) return request;
    const saved = await secrets.passwordFor(url);
    return saved === undefined ? request : { ...request, password: saved };
  };
  return new Proxy(service, {
    get(target, property, receiver) {
      if (property === 'openJournal' || property === 'compare') {
        return async (request: Parameters<JournalApi['openJournal']>[0]) => target[property](await filled(request, request.path));
      }
      if (property === 'testConnection') {
        return async (request: Parameters<JournalApi['testConnection']>[0]) => target.testConnection(await filled(request, request.url));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function hasPasswordInUrl(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}
