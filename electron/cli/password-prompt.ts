// A live store's password typed at the terminal, when the server asks for one that PGPASSWORD and ~/.pgpass do not
// give: never an argument (it would stay in the shell's history and the process list), never echoed.
import { createInterface } from 'node:readline';
import type { JournalService } from '../service/journal-service.js';

/** The password for `url`, asked only when the login is refused and a person is at the terminal; else undefined. */
export async function passwordIfAsked(service: JournalService, url: string): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  try {
    await service.testConnection({ url });
    return undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'not-allowed') return undefined;
  }
  return ask(`Password for ${new URL(url).username || 'the user'} at ${new URL(url).host}: `);
}

function ask(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // What is typed is not echoed: the interface writes nothing back while the question is open.
  const muted = terminal as unknown as { _writeToOutput(text: string): void };
  let asked = false;
  muted._writeToOutput = (text: string) => {
    if (!asked) process.stderr.write(text);
  };
  return new Promise((resolve) => {
    terminal.question(question, (answer) => {
      terminal.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    asked = true;
  });
}
