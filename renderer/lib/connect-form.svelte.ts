// The Connect to database… form: the connection URL and its fields kept in step, and the password kept apart.
import type { ConnectAttempt } from '../../shared/bridge.js';
import { connectionUrl, emptyFields, isLiveStore, parseConnectionUrl } from './connection-url.js';
import type { ConnectionFields } from './connection-url.js';

export class ConnectForm {
  url = $state('');
  fields = $state<ConnectionFields>(emptyFields());
  /** Held only while the dialog is shown: never put in the URL; kept (desktop, encrypted) only when `remember` asks. */
  password = $state('');
  /** Remember password (desktop only): off until ticked, for each dialog. */
  remember = $state(false);
  /** A password was just taken out of the URL typed: said beside the Password field. */
  passwordMoved = $state(false);
  /** Options of a URL typed that the fields do not show (application_name…), kept when the fields make it again. */
  private options: [string, string][] = [];

  constructor(url = '') {
    if (url !== '') this.typeUrl(url);
  }

  /** The URL as typed or pasted: it fills the fields, and a password in it moves to the Password field. */
  typeUrl(text: string): void {
    const parsed = parseConnectionUrl(text);
    if (parsed === null) {
      this.url = text;
      return;
    }
    this.fields = parsed.fields;
    this.options = parsed.options;
    this.url = parsed.url;
    if (parsed.password !== null) {
      this.password = parsed.password;
      this.passwordMoved = true;
    }
  }

  /** One field edited: the URL is made again from all of them. */
  setField(name: keyof ConnectionFields, value: string): void {
    this.fields[name] = value;
    this.url = connectionUrl(this.fields, this.options);
  }

  setPassword(value: string): void {
    this.password = value;
    this.passwordMoved = false;
  }

  /** A saved connection picked: its URL, and no password (a saved one, on the desktop, is filled in by the app itself). */
  pick(url: string): void {
    this.password = '';
    this.passwordMoved = false;
    this.typeUrl(url);
  }

  /** Why the form cannot be tried yet, in words; null when it can. */
  get missing(): string | null {
    const url = this.url.trim();
    if (url === '') return 'Give a connection URL, or the host and the database.';
    if (!isLiveStore(url)) return 'A connection URL starts with postgres://, as in postgres://user@host:5432/database.';
    if (this.fields.host.trim() === '' || this.fields.database.trim() === '') return 'Give the host and the database.';
    return null;
  }

  /** What Test connection and Connect send: the URL without a password, and the password apart. */
  get request(): { url: string; password?: string } {
    return { url: this.url.trim(), ...(this.password !== '' && { password: this.password }) };
  }

  /** What Connect sends: the request, and whether to keep its password (only when one was typed). */
  get connectRequest(): ConnectAttempt {
    return { ...this.request, ...(this.remember && this.password !== '' && { rememberPassword: true }) };
  }

  /** The store as the app names it (its recent list, its saved passwords): made from the fields. */
  get storeName(): string {
    return connectionUrl(this.fields);
  }
}
