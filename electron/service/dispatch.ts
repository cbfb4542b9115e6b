// One call arriving over a transport (IPC or HTTP): method checked, arguments validated, errors turned into data.
import { errorReply, isApiMethod, JournalError } from '../../shared/contract.js';
import { cutNesting } from '../../shared/deep-json.js';
import { parseRequest } from '../../shared/requests.js';
import type { ApiReply, JournalApi } from '../../shared/contract.js';

export async function dispatch(service: JournalApi, method: unknown, argument: unknown): Promise<ApiReply> {
  try {
    if (!isApiMethod(method)) throw new JournalError('bad-request', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.`);
    const request = parseRequest(method, argument);
    const call = service[method] as (request: unknown) => Promise<unknown>;
    // A payload nested thousands of levels deep cannot cross to a window (Electron's context bridge refuses 1,000,
    // JSON.stringify overflows): replies are sent cut at a depth, the event keeping its exact text (JournalEvent.raw).
    return { ok: true, value: cutNesting(await call.call(service, request)) };
  } catch (error) {
    return errorReply(error);
  }
}
