// Field history: every step of the replay that changed one field of the state, with the value after it.
import type { JournalApi } from '../../shared/contract.js';
import type { FieldHistory } from '../../shared/model.js';
import type { FieldHistoryRequest } from '../../shared/requests.js';
import { describeError } from './errors.js';
import { Latest } from './latest.js';

export class FieldHistoryView {
  /** The field shown (an RFC 6901 pointer); null when the history is closed. */
  path = $state<string | null>(null);
  history = $state.raw<FieldHistory | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  private readonly latest = new Latest();

  constructor(
    private readonly api: JournalApi,
    /** The replay's subject and reducer, as a request without the path; null when nothing is replayed. */
    private readonly subject: () => Omit<FieldHistoryRequest, 'path'> | null,
  ) {}

  async show(path: string): Promise<void> {
    const ticket = this.latest.next();
    const request = this.subject();
    if (path !== this.path) this.history = null;
    this.path = path;
    this.error = null;
    if (request === null) return;
    this.loading = true;
    try {
      const history = await this.api.fieldHistory({ ...request, path });
      if (this.latest.isCurrent(ticket)) this.history = history;
    } catch (error) {
      if (this.latest.isCurrent(ticket)) this.error = describeError('', error).message;
    } finally {
      if (this.latest.isCurrent(ticket)) this.loading = false;
    }
  }

  /** The reducer changed: the same field, asked again. */
  refresh(): void {
    if (this.path !== null) void this.show(this.path);
  }

  close(): void {
    this.latest.next();
    this.path = null;
    this.history = null;
    this.error = null;
    this.loading = false;
  }
}
