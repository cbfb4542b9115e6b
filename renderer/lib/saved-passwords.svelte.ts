// The Connect dialog's view of the passwords the desktop app keeps (never the passwords): which connections have one,
// whether one can be kept on this computer, and forgetting one. In a browser there is no keeper: the host keeps none.
import type { SavedPasswords } from '../../shared/bridge.js';
import type { PasswordKeeper } from './transport.js';

export class SavedPasswordList {
  /** What the desktop answered; null until then, and always in a browser. */
  private answer = $state.raw<SavedPasswords | null>(null);
  /** Why the list could not be read or a password not forgotten, in words. */
  private failure = $state<string | null>(null);

  constructor(private readonly keeper: PasswordKeeper | null) {}

  /** The desktop app, which can keep passwords when the system's keychain allows. */
  get kept(): boolean {
    return this.keeper !== null;
  }

  /** "Remember password" is offered: the keychain can encrypt it here. */
  get canRemember(): boolean {
    return this.answer?.available === true;
  }

  /** Why this desktop keeps no password (no keychain); null when it can, or in a browser. */
  get why(): string | null {
    return this.answer?.why ?? null;
  }

  /** Something to tell about the saved passwords themselves (their file unreadable, a forget that failed). */
  get problem(): string | null {
    return this.failure ?? this.answer?.problem ?? null;
  }

  get urls(): readonly string[] {
    return this.answer?.urls ?? [];
  }

  has(url: string): boolean {
    return this.urls.includes(url);
  }

  async load(): Promise<void> {
    const keeper = this.keeper;
    if (keeper !== null) await this.ask(() => keeper.list());
  }

  /** Forgets the password kept for `url`; false (and `problem` says why) when it could not. */
  async forget(url: string): Promise<boolean> {
    const keeper = this.keeper;
    return keeper !== null && (await this.ask(() => keeper.forget(url)));
  }

  private async ask(call: () => Promise<SavedPasswords>): Promise<boolean> {
    try {
      this.answer = await call();
      this.failure = null;
      return true;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      return false;
    }
  }
}
